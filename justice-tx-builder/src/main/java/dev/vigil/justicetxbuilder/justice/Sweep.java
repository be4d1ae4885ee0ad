package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * Where and how fast to sweep.
 *
 * @param scriptPubKey  the wallet's output script: P2WPKH, P2WSH, P2TR, P2PKH or P2SH (the standard
 *                      types a wallet pays to; anything else might not relay)
 * @param feeratePerKw  sat per 1000 weight units, at least {@link #MIN_FEERATE_PER_KW}
 * @param maxTxWeight   the weight no single justice transaction may exceed; HTLC sets too large for
 *                      one transaction are split. Defaults to bitcoind's MAX_STANDARD_TX_WEIGHT.
 */
public record Sweep(Bytes scriptPubKey, long feeratePerKw, int maxTxWeight) {
    /** 1 sat/vB rounded up as LN implementations do: the relay floor of every bitcoind version. */
    public static final long MIN_FEERATE_PER_KW = 253;
    /** Far above any fee market (40,000 sat/vB); larger is a unit mistake, and would risk overflow. */
    public static final long MAX_FEERATE_PER_KW = 10_000_000;
    /** bitcoind's MAX_STANDARD_TX_WEIGHT. */
    public static final int MAX_STANDARD_TX_WEIGHT = 400_000;
    /** Small enough to force splits in tests, large enough for any single input plus overhead. */
    public static final int MIN_TX_WEIGHT_LIMIT = 2_000;

    public Sweep {
        Objects.requireNonNull(scriptPubKey, "scriptPubKey");
        OutputScripts.checkStandard(scriptPubKey);
        checkFeerate(feeratePerKw);
        if (maxTxWeight < MIN_TX_WEIGHT_LIMIT || maxTxWeight > MAX_STANDARD_TX_WEIGHT) {
            throw new IllegalArgumentException("maxTxWeight must be in [" + MIN_TX_WEIGHT_LIMIT + ", "
                    + MAX_STANDARD_TX_WEIGHT + "], got " + maxTxWeight);
        }
    }

    /** A sweep at {@code feeratePerKw} with the standard weight limit. */
    public static Sweep to(Bytes scriptPubKey, long feeratePerKw) {
        return new Sweep(scriptPubKey, feeratePerKw, MAX_STANDARD_TX_WEIGHT);
    }

    /** The same sweep at another feerate. */
    public Sweep withFeerate(long newFeeratePerKw) {
        return new Sweep(scriptPubKey, newFeeratePerKw, maxTxWeight);
    }

    /** bitcoind's dust threshold for this output at the default dustrelayfee (3 sat/vB). */
    public long dustThresholdSat() {
        return OutputScripts.dustThreshold(scriptPubKey);
    }

    static void checkFeerate(long feeratePerKw) {
        if (feeratePerKw < MIN_FEERATE_PER_KW || feeratePerKw > MAX_FEERATE_PER_KW) {
            throw new IllegalArgumentException("feeratePerKw must be in [" + MIN_FEERATE_PER_KW + ", "
                    + MAX_FEERATE_PER_KW + "], got " + feeratePerKw);
        }
    }
}
