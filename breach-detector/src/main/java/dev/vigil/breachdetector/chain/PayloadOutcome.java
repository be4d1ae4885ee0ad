package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;

/** What {@link ChainFollower#offer} did with a block that arrived in a ZMQ {@code rawblock} message. */
public sealed interface PayloadOutcome {

    /** The block extended the tip, the node confirmed it, and it was connected from the payload. */
    record Connected(ChainTip tip) implements PayloadOutcome {
        public Connected {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /** The follower has connected this block already (a repeated or late message): nothing changed. */
    record AlreadyConnected(Hash256 block) implements PayloadOutcome {
        public AlreadyConnected {
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * The block does not extend the tip (a gap, an out-of-order message, another branch, a block
     * this follower disconnected, no tip yet) or the node did not confirm it: nothing changed, and only a walk over RPC can
     * tell where it belongs. Unless the follower disconnected it, it is kept for that walk, which
     * then connects it without fetching it again.
     */
    record NeedsWalk(Hash256 block, String reason) implements PayloadOutcome {
        public NeedsWalk {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The header does not commit to the transactions (merkle root mismatch or a mutated list):
     * these bytes are not the block the header names. Dropped; a walk fetches that block over RPC.
     */
    record Rejected(Hash256 block, String reason) implements PayloadOutcome {
        public Rejected {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
