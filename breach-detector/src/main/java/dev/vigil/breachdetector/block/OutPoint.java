package dev.vigil.breachdetector.block;

import java.util.Objects;

/**
 * A reference to a transaction output: the txid (internal byte order) and the output index.
 *
 * @param txid  the transaction whose output is spent
 * @param index the output's position, an unsigned 32-bit value
 */
public record OutPoint(Hash256 txid, long index) {
    public OutPoint {
        Objects.requireNonNull(txid, "txid");
        if (index < 0 || index > 0xffffffffL) {
            throw new IllegalArgumentException("output index out of uint32 range: " + index);
        }
    }
}
