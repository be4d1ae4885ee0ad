package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;

/** A change of the tower's view of the best chain, delivered in chain order. */
public sealed interface ChainEvent permits ChainEvent.BlockConnected, ChainEvent.BlockDisconnected {

    Hash256 blockHash();

    int height();

    /**
     * {@code block} at {@code height} now extends the tower's chain; its parent is the previous tip.
     *
     * @param nodeHeight the height of the node's best block as the follower knew it when it delivered
     *     this block (never below {@code height}): {@code nodeHeight - height} blocks remain to connect,
     *     which tells a block at the tip from one of a catch-up
     */
    record BlockConnected(Block block, int height, int nodeHeight) implements ChainEvent {
        public BlockConnected {
            Objects.requireNonNull(block, "block");
            if (height < 0) {
                throw new IllegalArgumentException("negative height");
            }
            if (nodeHeight < height) {
                throw new IllegalArgumentException("nodeHeight " + nodeHeight + " is below height " + height);
            }
        }

        /** A block at the node's tip: nothing remains to connect after it. */
        public BlockConnected(Block block, int height) {
            this(block, height, height);
        }

        /** Blocks the follower still has to connect after this one to reach the node's best block. */
        public int remaining() {
            return nodeHeight - height;
        }

        @Override
        public Hash256 blockHash() {
            return block.hash();
        }
    }

    /**
     * The tip {@code blockHash} at {@code height} left the best chain; {@code previous} is the tip
     * again. Delivered tip first, before the connections of the new branch.
     */
    record BlockDisconnected(Hash256 blockHash, int height, Hash256 previous) implements ChainEvent {
        public BlockDisconnected {
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(previous, "previous");
            if (height < 1) {
                throw new IllegalArgumentException("genesis cannot be disconnected");
            }
        }
    }
}
