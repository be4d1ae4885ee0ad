package dev.vigil.breachdetector.chain;

import java.util.Objects;
import java.util.Optional;

/** What one {@link ChainFollower#reconcile()} achieved. */
public sealed interface ReconcileOutcome {

    /** The tower's tip is the node's best block; nothing was emitted. */
    record UpToDate(ChainTip tip) implements ReconcileOutcome {
        public UpToDate {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * Blocks were disconnected and/or connected. If the node's chain kept moving during the walk,
     * the tip may still be behind; the next reconcile continues.
     */
    record Advanced(ChainTip tip, int disconnected, int connected) implements ReconcileOutcome {
        public Advanced {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * The node could not answer; what was emitted before stands. Retry on the next doorbell or
     * poll. {@code tip} is empty if the tower has no tip yet (first start).
     */
    record SourceUnavailable(Optional<ChainTip> tip, String reason) implements ReconcileOutcome {
        public SourceUnavailable {
            Objects.requireNonNull(tip, "tip");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The node does not know the stored tip (a different network or a wiped datadir): following
     * cannot resume without an operator's decision.
     */
    record TipUnknownToNode(ChainTip tip) implements ReconcileOutcome {
        public TipUnknownToNode {
            Objects.requireNonNull(tip, "tip");
        }
    }
}
