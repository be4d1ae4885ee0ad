package dev.vigil.towerserver.responder;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: the durable record of trackers, for the responder.
 *
 * <p><b>Contract.</b> As the other ledgers: a write completes after its commit; writes from one
 * caller apply in issue order; stages complete on the store's thread; nothing blocks the caller.
 * Resolved trackers leave the store through {@link TrackerSettlement}, with their refund.
 */
public interface TrackerLedger {
    /** Every tracker, to resume responding after a restart. */
    CompletionStage<List<Tracker>> loadTrackers();

    /** Creates or replaces the tracker with this id. */
    CompletionStage<Void> putTracker(Tracker tracker);
}
