/**
 * The watcher: accepts appointments, matches every connected block against them, decrypts and checks
 * the justice transactions of breaches and hands them to the responder. Holds the compact in-memory
 * locator index ({@link dev.vigil.towerserver.watcher.LocatorPrefixIndex}). Declares its ports to the
 * store, one capability each: {@link dev.vigil.towerserver.watcher.AppointmentBook} (intake and the
 * API's reads), {@link dev.vigil.towerserver.watcher.BreachLookup} (the block path),
 * {@link dev.vigil.towerserver.watcher.BlockBatches} and {@link dev.vigil.towerserver.watcher.BlockWrites}
 * (a block's one batch of writes, held open on the tower thread by
 * {@link dev.vigil.towerserver.watcher.BatchScope}) and
 * {@link dev.vigil.towerserver.watcher.LocatorScan} (the index rebuild at start-up). Depends on
 * tower-protocol, breach-detector (blocks, events, the recent-blocks cache), the gatekeeper, the
 * responder and the tower thread; no HTTP, no MapDB.
 */
package dev.vigil.towerserver.watcher;
