package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * One signed justice transaction, ready for {@code sendrawtransaction} (or for encryption into an
 * appointment keyed by the commitment's txid).
 *
 * @param rawTx           the serialized transaction, with witnesses
 * @param txid            its id
 * @param weight          its actual weight
 * @param estimatedWeight the weight its fee was computed from, before signing; never below
 *                        {@code weight}
 * @param feeSat          the fee it pays
 * @param feeratePerKw    the feerate it was built for ({@code feeSat} may be a little higher: see
 *                        {@link JusticeTxBuilder#feeLadder})
 * @param sweptSat        the value of its single output
 * @param spends          the revoked outputs it spends, in input order
 */
public record JusticeTx(
        Bytes rawTx,
        Txid txid,
        int weight,
        int estimatedWeight,
        long feeSat,
        long feeratePerKw,
        long sweptSat,
        List<RevokedOutput> spends) {
    public JusticeTx {
        Objects.requireNonNull(rawTx, "rawTx");
        Objects.requireNonNull(txid, "txid");
        spends = Lists.copyOf(spends);
        if (spends.isEmpty() || weight <= 0 || estimatedWeight < weight || feeSat <= 0 || sweptSat <= 0) {
            throw new IllegalArgumentException("inconsistent justice transaction");
        }
    }

    /** ceil(weight / 4). */
    public int vsize() {
        return (weight + 3) / 4;
    }
}
