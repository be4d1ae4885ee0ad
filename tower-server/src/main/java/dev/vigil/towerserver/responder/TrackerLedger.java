package dev.vigil.towerserver.responder;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: the durable record of trackers, for the responder.
 *
 * <p><b>Contract.</b> As the other ledgers: a write completes after its commit; writes from one
 * caller apply in issue order; stages complete on the store's thread; nothing blocks the caller.
 * The responder itself writes through {@link TrackerWrites}, into the open batch; {@link #putTracker}
 * is a write of its own (tools, and tests that seed a store). Resolved trackers leave the store through
 * {@link TrackerSettlement}, with their refund.
 */
public interface TrackerLedger {
    /** Every tracker, to resume responding after a restart. */
    CompletionStage<List<Tracker>> loadTrackers();

    /** Creates or replaces the tracker with this id. */
    CompletionStage<Void> putTracker(Tracker tracker);
}
