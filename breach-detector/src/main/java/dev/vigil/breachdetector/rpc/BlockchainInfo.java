package dev.vigil.breachdetector.rpc;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;

/**
 * The parts of {@code getblockchaininfo} the tower uses.
 *
 * @param chain                 "main", "test", "testnet4", "signet" or "regtest"
 * @param blocks                height of the best validated block
 * @param headers               height of the best known header
 * @param bestBlockHash         the tip
 * @param initialBlockDownload  true while the node catches up (ZMQ block topics are silent then)
 * @param verificationProgress  0..1
 * @param pruned                whether old blocks may be missing
 */
public record BlockchainInfo(String chain, int blocks, int headers, Hash256 bestBlockHash,
        boolean initialBlockDownload, double verificationProgress, boolean pruned) {
    public BlockchainInfo {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(bestBlockHash, "bestBlockHash");
        if (blocks < 0 || headers < 0) {
            throw new IllegalArgumentException("negative height");
        }
    }
}
