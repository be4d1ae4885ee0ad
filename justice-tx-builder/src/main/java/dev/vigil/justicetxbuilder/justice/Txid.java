package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * A transaction id. Stored in internal order (as it sits in a serialized outpoint, and as teos and
 * BOLT 13 hash it for locators and keys); bitcoind displays the reverse.
 *
 * @param internalOrder 32 bytes
 */
public record Txid(Bytes internalOrder) {
    public Txid {
        Objects.requireNonNull(internalOrder, "internalOrder");
        if (internalOrder.length() != 32) {
            throw new IllegalArgumentException("a txid is 32 bytes, got " + internalOrder.length());
        }
    }

    /** From the hex bitcoind shows. */
    public static Txid fromDisplayHex(String hex) {
        return new Txid(Bytes.fromHex(hex).reversed());
    }

    /** The hex bitcoind shows (reversed byte order). */
    public String displayHex() {
        return internalOrder.reversed().toHex();
    }

    @Override
    public String toString() {
        return displayHex();
    }
}
