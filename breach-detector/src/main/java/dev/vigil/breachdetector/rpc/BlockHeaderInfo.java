package dev.vigil.breachdetector.rpc;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code getblockheader <hash> true}: what walking back to a fork point needs.
 *
 * @param hash              the block
 * @param height            its height
 * @param confirmations     1 for the tip, more below it, <b>-1 if the block is not on the active
 *                          chain</b> (reorged out or invalid)
 * @param previousBlockHash absent only for the genesis block
 * @param merkleRoot        from the header
 * @param time              header time, seconds since the epoch
 * @param transactionCount  nTx
 */
public record BlockHeaderInfo(Hash256 hash, int height, long confirmations,
        Optional<Hash256> previousBlockHash, Hash256 merkleRoot, long time, int transactionCount) {
    public BlockHeaderInfo {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(previousBlockHash, "previousBlockHash");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (height < 0) {
            throw new IllegalArgumentException("negative height");
        }
        if (previousBlockHash.isEmpty() && height != 0) {
            throw new IllegalArgumentException("only the genesis block has no previous block");
        }
    }

    /** False for a block bitcoind knows but that is not on its active chain. */
    public boolean onActiveChain() {
        return confirmations >= 0;
    }
}
