package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.TxOut;
import java.util.Objects;

/**
 * An unspent output as the UTXO set holds it ({@code Coin} in coins.h): the output, the height of the
 * block that created it ({@link #MEMPOOL_HEIGHT} for an output of a mempool transaction) and whether a
 * coinbase created it (for the maturity rule).
 */
public record Coin(TxOut output, int height, boolean coinbase) {
    /** {@code MEMPOOL_HEIGHT} in txmempool.h: the height given to outputs of unconfirmed transactions. */
    public static final int MEMPOOL_HEIGHT = 0x7FFFFFFF;

    public Coin {
        Objects.requireNonNull(output, "output");
        if (height < 0) {
            throw new IllegalArgumentException("height < 0: " + height);
        }
    }

    public long amountSat() {
        return output.amount.getSat();
    }
}
