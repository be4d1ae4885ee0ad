package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * One transaction input.
 *
 * @param prevout   the output it spends
 * @param scriptSig the unlocking script (empty for native segwit)
 * @param sequence  nSequence, an unsigned 32-bit value (BIP68 relative locktime lives here)
 * @param witness   the witness stack, empty for a legacy input
 */
public record TxInput(OutPoint prevout, Bytes scriptSig, long sequence, List<Bytes> witness) {
    public TxInput {
        Objects.requireNonNull(prevout, "prevout");
        Objects.requireNonNull(scriptSig, "scriptSig");
        if (sequence < 0 || sequence > 0xffffffffL) {
            throw new IllegalArgumentException("sequence out of uint32 range: " + sequence);
        }
        witness = List.copyOf(witness);
    }
}
