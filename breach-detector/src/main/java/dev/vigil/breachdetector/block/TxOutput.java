package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * One transaction output.
 *
 * @param value        the amount in satoshis, as serialized (consensus rules, not the parser,
 *                     reject negative or excessive values)
 * @param scriptPubKey the locking script
 */
public record TxOutput(long value, Bytes scriptPubKey) {
    public TxOutput {
        Objects.requireNonNull(scriptPubKey, "scriptPubKey");
    }
}
