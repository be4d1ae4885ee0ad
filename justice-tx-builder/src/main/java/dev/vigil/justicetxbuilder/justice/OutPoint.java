package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.Txid;
import java.util.Objects;

/**
 * A transaction output reference.
 *
 * @param txid  the transaction
 * @param index the output index, a u32
 */
public record OutPoint(Txid txid, long index) {
    public OutPoint {
        Objects.requireNonNull(txid, "txid");
        if (index < 0 || index > 0xffff_ffffL) {
            throw new IllegalArgumentException("an output index is a u32, got " + index);
        }
    }

    @Override
    public String toString() {
        return txid + ":" + index;
    }
}
