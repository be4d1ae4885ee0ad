package dev.vigil.towerserver.responder;

import java.util.Objects;
import java.util.Optional;

/**
 * Port: where the responder tells what happened to a breach it answers, for the user's channel
 * monitoring log (docs/monitoring.md 2.1); implemented by {@code monitor.EventLog}.
 *
 * <p><b>Contract.</b> Tower thread only, while a batch is open (a block's, or an answer's): the news
 * joins that batch, after the writes the responder added before it, and is durable with it. Never
 * blocks. The height and block of the news are the block being processed (for a disconnect: the
 * block leaving the chain), or the tip for a carrier's answer outside a block. Returns the cursor the
 * user's event got, or 0 when the user does not use channel monitoring (nothing is written): the
 * responder keeps the cursors of retractable news in the tracker, to name them in a retraction.
 */
@FunctionalInterface
public interface TrackerNews {
    /** Tells nobody: every cursor is 0. */
    TrackerNews NONE = (tracker, news) -> 0;

    long announce(Tracker tracker, News news);

    /** What can be told about a tracker; {@code Tracker} gives the locator and the two txids. */
    sealed interface News {
        /** The dispute is in a block (again, after a reorg took it out); retractable. */
        record BreachSeen(long deadlineHeight) implements News {}

        /** The penalty is handed to bitcoind for this confirmation of the dispute. */
        record JusticeBroadcast() implements News {}

        /** bitcoind accepted the penalty into its mempool. */
        record InMempool() implements News {}

        /** The penalty is in the block at {@code confirmedHeight} (depth 1); retractable. */
        record Confirmed(long confirmedHeight) implements News {}

        /** The penalty reached a reported depth. */
        record Depth(long confirmedHeight, long depth) implements News {}

        /** The penalty is irrevocable; the user got {@code refundedSlots} back. */
        record Irrevocable(long confirmedHeight, long depth, long refundedSlots) implements News {}

        /**
         * Another transaction spent an output of the dispute (empty: bitcoind said the penalty's inputs are
         * gone, and no block seen showed by whom); retractable.
         */
        record InputsSpent(Optional<Tracker.ForeignSpend> spend) implements News {
            public InputsSpent {
                Objects.requireNonNull(spend, "spend");
            }
        }

        /** bitcoind rejects the penalty as invalid: the user's blob was bad. */
        record Rejected() implements News {}

        /** The penalty is unconfirmed {@code blocksLeft} blocks before the dispute's {@code to_self_delay} runs out. */
        record DeadlineAtRisk(long deadlineHeight, long blocksLeft, TrackerState penaltyState) implements News {
            public DeadlineAtRisk {
                Objects.requireNonNull(penaltyState, "penaltyState");
                if (!penaltyState.pending()) {
                    throw new IllegalArgumentException("a deadline is at risk only for a penalty not yet mined, not " + penaltyState);
                }
            }
        }

        /** The block that held what the event at {@code cursor} announced left the chain. */
        record Retracted(long cursor, Kind kind) implements News {
            public Retracted {
                if (cursor < 1) {
                    throw new IllegalArgumentException("a retraction names an event that was written, not cursor " + cursor);
                }
                Objects.requireNonNull(kind, "kind");
            }
        }
    }

    /** The kinds of news a reorg can take back, each remembered in {@link Tracker.Announced}. */
    enum Kind { BREACH_SEEN, JUSTICE_CONFIRMED, JUSTICE_FAILED }
}
