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
     */
    record BlockConnected(Block block, int height) implements ChainEvent {
        public BlockConnected {
            Objects.requireNonNull(block, "block");
            if (height < 0) {
                throw new IllegalArgumentException("negative height");
            }
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
