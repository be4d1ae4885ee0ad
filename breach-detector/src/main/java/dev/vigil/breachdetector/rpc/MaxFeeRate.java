package dev.vigil.breachdetector.rpc;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code maxfeerate} argument of {@code sendrawtransaction} and {@code testmempoolaccept}, in
 * BTC/kvB. bitcoind's default (0.10 BTC/kvB) rejects a fee above it with -25 "Fee exceeds maximum
 * configured by user"; a justice transaction's fee is fixed by the wallet that signed it, so the
 * responder sends it with {@link #UNLIMITED} (DESIGN §4).
 *
 * @param btcPerKvB empty to leave the argument out (bitcoind's default)
 */
public record MaxFeeRate(Optional<BigDecimal> btcPerKvB) {
    /** Leave the argument out: bitcoind applies its default of 0.10 BTC/kvB. */
    public static final MaxFeeRate NODE_DEFAULT = new MaxFeeRate(Optional.empty());
    /** 0: no limit. */
    public static final MaxFeeRate UNLIMITED = new MaxFeeRate(Optional.of(BigDecimal.ZERO));

    public MaxFeeRate {
        Objects.requireNonNull(btcPerKvB, "btcPerKvB");
        if (btcPerKvB.isPresent() && btcPerKvB.get().signum() < 0) {
            throw new IllegalArgumentException("maxfeerate cannot be negative");
        }
    }
}
