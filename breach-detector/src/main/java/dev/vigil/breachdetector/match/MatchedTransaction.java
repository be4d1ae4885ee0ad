package dev.vigil.breachdetector.match;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * A transaction of a connected block whose locator an appointment may be watching.
 *
 * @param index   its position in the block (to fetch the full dispute transaction)
 * @param txid    its txid, internal order: the appointment's decryption key is SHA-256 of it
 * @param locator the first 16 bytes of {@code txid}
 */
public record MatchedTransaction(int index, Hash256 txid, Bytes locator) {
    public MatchedTransaction {
        Objects.requireNonNull(txid, "txid");
        Objects.requireNonNull(locator, "locator");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0: " + index);
        }
        if (!locator.equals(LocatorBatch.locatorOf(txid))) {
            throw new IllegalArgumentException("locator is not the txid's first 16 bytes");
        }
    }
}
