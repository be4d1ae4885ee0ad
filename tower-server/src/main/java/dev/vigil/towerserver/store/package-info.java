/**
 * The tower's durable state (DESIGN §5): users, appointments, trackers, the tower key and the chain
 * tip, behind the ports their consumers declare ({@code gatekeeper.UserLedger},
 * {@code watcher.AppointmentBook}, {@code watcher.BreachLookup}, {@code watcher.LocatorScan},
 * {@code responder.TrackerLedger}, {@code identity.TowerKeyStore}, the chain follower's
 * {@code breachdetector.chain.TipStore}, and {@code watcher.BlockBatches}: a block's writes, tip
 * included, collected in a {@code BlockBatch} and applied as one task, so in one commit; a failed one
 * stops the store (docs/storage.md, "One commit per block")).
 *
 * <p>{@link dev.vigil.towerserver.store.TowerStore} maps the ports onto five tables
 * ({@code Tables}); {@code GroupCommitEngine} runs every operation as a task on the store's single
 * owner thread, which applies a batch of tasks in order, commits once (group commit) and only then
 * completes their stages, so a receipt is never sent for data that is not durable (DESIGN §5, §6).
 * {@link dev.vigil.towerserver.store.MapDbTowerStore} opens it on one MapDB 3.1.0 file: a plain
 * {@code StoreDirect} ({@code MapDbTables}) on {@code JournaledFileVolume}, a page journal that
 * makes each commit reach the file all at once and is the store's one source of durability. What a
 * failed commit means, and why MapDB's own transactions are not used: docs/storage.md. New stores
 * are created under a temporary name and renamed into place. Tests use an in-memory store over the
 * same engine ({@code InMemoryTowerStore}, in the test sources).
 *
 * <p>For the admin commands: paged listings of appointments and trackers in key order, and an online backup
 * ({@link dev.vigil.towerserver.store.TowerStore#backup}): a task the engine runs in a batch of its own, so
 * it copies the file when nothing is uncommitted ({@code JournaledFileVolume.copyTo}) into an owner-only
 * temporary file that is synced and linked into place.
 *
 * <p>Records are stored in this package's own versioned binary formats ({@code StoreRecords}), never
 * with Java serialization.
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
 * Channel monitoring's watches ({@code WatchRecords}: {@code watches} by kind ‖ key ‖ user, {@code user_watches}
 * by user, docs/monitoring.md 3.1) implement {@code monitor.WatchWrites} (in the batch), {@code monitor.WatchLookup}
 * and {@code monitor.MonitorLoad}'s watch scan; they go with their user in {@code deleteUsers}.
 * Trackers are their own map, not part of a user's: {@code deleteUsers} leaves them, since the tower
 * finishes a breach it has answered whatever happens to the subscription. A store of another schema
 * version is refused, never rewritten.
 *
 * <p>May depend on: tower-protocol, the port packages it implements ({@code gatekeeper},
 * {@code watcher}, {@code responder}, {@code identity}, breach-detector's {@code chain} and the
 * {@code block} hash its tip holds), the JDK, and MapDB. <b>MapDB is allowed only in this package of
 * the whole project</b>; nothing outside it sees a MapDB type.
 */
package dev.vigil.towerserver.store;
