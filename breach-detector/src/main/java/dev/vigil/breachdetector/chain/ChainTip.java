package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;

/**
 * The last block the tower has processed.
 *
 * @param hash   the block
 * @param height its height
 */
public record ChainTip(Hash256 hash, int height) {
    public ChainTip {
        Objects.requireNonNull(hash, "hash");
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
    }
}
