package dev.vigil.breachdetector.notify;

import java.util.Objects;

/**
 * The chain must be reconciled over RPC now: notifications may have been lost, so the follower
 * walks from its stored tip to bitcoind's best block (doc/zmq.md "Remarks": retrieve the chain from
 * the last known block to the new tip).
 *
 * @param reason why
 * @param detail what was seen, for the log
 */
public record ReconcileNeeded(Reason reason, String detail) implements NotifierEvent {
    public ReconcileNeeded {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Reason {
        /** The first message on a topic since the subscriber started: earlier ones are unknown. */
        FIRST_MESSAGE,
        /** A topic's counter skipped: messages were lost (high-water mark, reconnect). */
        GAP,
        /** A topic's counter went back (to 0 or lower): bitcoind restarted. */
        RESTART,
        /** The subscriber (re)connected to an endpoint. */
        CONNECTED
    }
}
