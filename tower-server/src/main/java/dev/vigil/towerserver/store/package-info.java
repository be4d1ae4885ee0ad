/**
 * The tower's durable state (DESIGN §5): users, appointments, trackers, the tower key and the chain
 * tip, behind the ports their consumers declare ({@code gatekeeper.UserLedger},
 * {@code watcher.AppointmentBook}, {@code watcher.BreachLookup}, {@code watcher.LocatorScan},
 * {@code gatekeeper.SettlementLedger}, {@code responder.TrackerLedger}, {@code identity.TowerKeyStore},
 * and {@link dev.vigil.towerserver.store.ChainTipLedger} here until the chain follower's own port
 * lands).
 *
 * <p>Two implementations share one engine ({@link dev.vigil.towerserver.store.TowerStore}): every
 * operation becomes a task on the store's single owner thread, which applies a batch of tasks in
 * order, commits once (group commit) and only then completes their stages, so a receipt is never
 * sent for data that is not durable (DESIGN §5, §6).
 * <ul>
 *   <li>{@link dev.vigil.towerserver.store.MapDbTowerStore}: MapDB 3.1.0 with
 *       {@code transactionEnable()} (shared/reference/dependencies.md §0.4), its main file behind
 *       {@code JournaledFileVolume}, a redo journal that makes each commit reach the file all at
 *       once: MapDB 3.1.0 never replays its WAL, and our kill -9 test corrupted plain
 *       {@code transactionEnable()} files within a few kills at full write rate. New stores are
 *       created under a temporary name and renamed into place.</li>
 *   <li>{@link dev.vigil.towerserver.store.InMemoryTowerStore}: the same engine over sorted maps,
 *       for other components' tests, able to fail or slow its commits on command.</li>
 * </ul>
 * Records are stored in this package's own versioned binary formats ({@code StoreRecords}), never
 * with Java serialization. {@link dev.vigil.towerserver.store.LocatorPrefixIndex} is the compact
 * in-memory locator index the watcher rebuilds from the store at start-up.
 *
 * <p><b>Layout</b> as built (store schema 2; the plan is docs/tower-server.md, "Store layout"):
 * <pre>
 * meta           "schema" | "tower_key" | "tip"  → schema version (u32) | tower key v1 | chain tip v1
 * users          user id (33)                     → user v1
 * appointments   locator (16) ‖ user id (33)      → appointment v1
 * user_locators  user id (33) ‖ locator (16)      (a set)
 * trackers       appointment id (20)              → tracker v1 (user, slots, both txids and txs,
 *                                                   dispute height, status; StoreRecords has the bytes)
 * </pre>
 * Trackers are their own map, not part of a user's: {@code deleteUsers} leaves them, since the tower
 * finishes a breach it has answered whatever happens to the subscription. Schema 1 stores (before
 * trackers) get the empty map when first opened, in one commit ({@code MapDbTables}); a build that
 * reads only schema 1 refuses a schema 2 store instead of running without its trackers.
 *
 * <p>May depend on: tower-protocol, the port packages it implements ({@code gatekeeper},
 * {@code watcher}, {@code responder}, {@code identity}), the JDK, and MapDB. <b>MapDB is allowed
 * only in this package of the whole project</b>; nothing outside it sees a MapDB type.
 */
package dev.vigil.towerserver.store;
