package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.encoding.Bytes;

/**
 * A transaction id, held in <b>internal (wire) byte order</b>: the order of the bytes inside a
 * serialized outpoint and the order SHA256d produces. bitcoind's RPC and teos's JSON
 * ({@code dispute_txid}, {@code penalty_txid}) show the reverse, "display order".
 *
 * <p>The teos locator and blob key are computed from the internal order (protocol-facts §4); getting
 * this wrong silently produces locators that never match, so the two orders have distinct methods.
 */
public record Txid(Bytes internal) {
    public static final int LENGTH = 32;

    public Txid {
        Bytes.requireLength(internal, LENGTH, "a txid");
    }

    /** From the 32 bytes as SHA256d produced them (internal order). */
    public static Txid ofInternal(byte[] internalOrder) {
        return new Txid(Bytes.of(internalOrder));
    }

    /** From hex as bitcoind prints it (display order). */
    public static Txid fromDisplayHex(String displayHex) {
        return new Txid(Bytes.fromHex(displayHex).reversed());
    }

    /** Hex as bitcoind prints it (display order). */
    public String toDisplayHex() {
        return internal.reversed().toHex();
    }

    /** The bytes in internal order, copied. */
    public byte[] internalBytes() {
        return internal.toArray();
    }

    /** The teos locator: the first 16 bytes of the internal order. */
    public Locator locator() {
        return new Locator(internal.slice(0, Locator.LENGTH));
    }

    @Override
    public String toString() {
        return toDisplayHex();
    }
}
