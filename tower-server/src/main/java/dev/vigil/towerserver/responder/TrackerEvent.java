package dev.vigil.towerserver.responder;

import java.util.Objects;
import java.util.Optional;

/** What can happen to a tracker. The shell derives each from the chain or the carrier. */
public sealed interface TrackerEvent {
    /** The breach was just handed over by the watcher; {@code tip} is the current height. */
    record Triggered(long tip) implements TrackerEvent {}

    /** bitcoind's answer to sending the dispute or the penalty, received at height {@code tip}. */
    record Answered(Which which, BroadcastOutcome outcome, long tip) implements TrackerEvent {
        public Answered {
            Objects.requireNonNull(which, "which");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * A block joined the active chain; whether it holds the dispute and/or the penalty, and a
     * transaction other than the penalty that spends an output of the dispute, if it holds one
     * (docs/monitoring.md 4.3).
     */
    record BlockConnected(long height, boolean hasDispute, boolean hasPenalty, Optional<Tracker.ForeignSpend> foreignSpend)
            implements TrackerEvent {
        public BlockConnected {
            Objects.requireNonNull(foreignSpend, "foreignSpend");
        }

        /** A block without a foreign spend of the dispute. */
        public BlockConnected(long height, boolean hasDispute, boolean hasPenalty) {
            this(height, hasDispute, hasPenalty, Optional.empty());
        }
    }

    /** A block left the active chain (reorg); whether it held the dispute and/or the penalty. */
    record BlockDisconnected(long height, boolean hadDispute, boolean hadPenalty) implements TrackerEvent {}

    /** Which of the tracker's two transactions. */
    enum Which { DISPUTE, PENALTY }
}
