package dev.vigil.towerserver.responder;

import java.util.Locale;

/**
 * The kinds of {@link Tracker.Status}, as the operator sees them (the metrics' {@code state} label,
 * the status page). {@link #label()} is stable: dashboards and alerts are written against it.
 */
public enum TrackerState {
    /** Not (known to be) in bitcoind's mempool: sent or to be sent again. */
    UNSENT,
    /** Accepted into the mempool, not mined yet. */
    IN_MEMPOOL,
    /** Mined; confirmations are counted until it is irrevocable. */
    CONFIRMED,
    /** The dispute's outputs were spent by another transaction. */
    SPENT_ELSEWHERE;

    /** {@code unsent}, {@code in_mempool}, {@code confirmed}, {@code spent_elsewhere}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a justice transaction in this state still waits for the chain (the responder's outbox). */
    public boolean pending() {
        return this == UNSENT || this == IN_MEMPOOL;
    }

    public static TrackerState of(Tracker.Status status) {
        if (status instanceof Tracker.Status.Unsent) {
            return UNSENT;
        }
        if (status instanceof Tracker.Status.InMempool) {
            return IN_MEMPOOL;
        }
        if (status instanceof Tracker.Status.Confirmed) {
            return CONFIRMED;
        }
        if (status instanceof Tracker.Status.SpentElsewhere) {
            return SPENT_ELSEWHERE;
        }
        throw new IllegalArgumentException("unknown status " + status);
    }
}
