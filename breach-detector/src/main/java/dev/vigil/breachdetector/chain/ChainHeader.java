package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;
import java.util.Optional;

/**
 * What the follower needs to know about a block header.
 *
 * @param hash          the block
 * @param height        its height
 * @param previous      its parent, absent for genesis
 * @param onActiveChain false if bitcoind knows the block but it is no longer on the best chain
 *                      ({@code getblockheader} confirmations = -1)
 */
public record ChainHeader(Hash256 hash, int height, Optional<Hash256> previous, boolean onActiveChain) {
    public ChainHeader {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(previous, "previous");
        if (height < 0 || (previous.isEmpty() != (height == 0))) {
            throw new IllegalArgumentException("height " + height + " with previous " + previous);
        }
    }
}
