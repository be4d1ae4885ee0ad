package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.encoding.Bytes;

/** A block hash in internal byte order (as SHA256d produces it); JSON and bitcoind show it in display order. */
public record BlockHash(Bytes internal) {
    public static final int LENGTH = 32;

    public BlockHash {
        Bytes.requireLength(internal, LENGTH, "a block hash");
    }

    /** From hex as bitcoind prints it (display order). */
    public static BlockHash fromDisplayHex(String displayHex) {
        return new BlockHash(Bytes.fromHex(displayHex).reversed());
    }

    public String toDisplayHex() {
        return internal.reversed().toHex();
    }

    @Override
    public String toString() {
        return toDisplayHex();
    }
}
