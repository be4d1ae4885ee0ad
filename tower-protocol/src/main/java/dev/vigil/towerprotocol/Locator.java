package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.encoding.Bytes;

/**
 * The 16-byte appointment locator: the first half of the dispute txid in internal byte order
 * (rust-teos {@code Locator::new}, protocol-facts §4). In JSON it is plain lowercase hex of these
 * bytes (not reversed).
 */
public record Locator(Bytes value) {
    public static final int LENGTH = 16;

    public Locator {
        Bytes.requireLength(value, LENGTH, "a locator");
    }

    public static Locator fromHex(String hex) {
        return new Locator(Bytes.fromHex(hex));
    }

    /** The locator a wallet uses for the revoked commitment {@code disputeTxid}. */
    public static Locator of(Txid disputeTxid) {
        return disputeTxid.locator();
    }

    public String toHex() {
        return value.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
