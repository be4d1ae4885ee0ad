package dev.vigil.breachdetector.rpc;

import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of {@code testmempoolaccept}'s answer (src/rpc/mempool.cpp).
 *
 * @param txid          the transaction
 * @param wtxid         its witness hash
 * @param allowed       whether it would be accepted now
 * @param rejectReason  e.g. "non-BIP68-final", "txn-already-in-mempool", "missing-inputs"
 *                      (bitcoind-interface.md §2.1); present when not allowed
 * @param rejectDetails the longer form, when bitcoind gives one
 * @param vsize         virtual size, when allowed
 * @param feeSats       the base fee in satoshis, when allowed
 */
public record MempoolAcceptResult(Hash256 txid, Hash256 wtxid, boolean allowed,
        Optional<String> rejectReason, Optional<String> rejectDetails, OptionalLong vsize,
        OptionalLong feeSats) {
    public MempoolAcceptResult {
        Objects.requireNonNull(txid, "txid");
        Objects.requireNonNull(wtxid, "wtxid");
        Objects.requireNonNull(rejectReason, "rejectReason");
        Objects.requireNonNull(rejectDetails, "rejectDetails");
        Objects.requireNonNull(vsize, "vsize");
        Objects.requireNonNull(feeSats, "feeSats");
    }
}
