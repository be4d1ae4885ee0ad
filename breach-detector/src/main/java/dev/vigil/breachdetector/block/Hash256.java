package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import java.util.Objects;

/**
 * A 32-byte double-SHA256 hash (block hash or txid), held in <b>internal (wire) byte order</b>: the
 * order in which it appears inside serialized blocks and transactions and in which locators are cut
 * from txids. bitcoind's RPC and ZMQ {@code hashblock} show the reverse ("display") order; convert
 * with {@link #fromDisplayHex} and {@link #displayHex}.
 *
 * @param internalOrder the 32 bytes in wire order
 */
public record Hash256(Bytes internalOrder) {
    public static final int LENGTH = 32;

    public Hash256 {
        Objects.requireNonNull(internalOrder, "internalOrder");
        if (internalOrder.length() != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes, got " + internalOrder.length());
        }
    }

    /** The hash whose wire-order bytes start at {@code offset} in {@code source}. */
    public static Hash256 ofInternal(byte[] source, int offset) {
        return new Hash256(Bytes.of(source, offset, LENGTH));
    }

    /** Parses the 64 hex digits bitcoind shows (display order, reversed). */
    public static Hash256 fromDisplayHex(CharSequence hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hash has 64 hex digits, got " + hex.length());
        }
        return new Hash256(Bytes.fromHex(hex).reversed());
    }

    /** The bytes in display order (what RPC, ZMQ {@code hashblock} and block explorers show). */
    public Bytes displayOrder() {
        return internalOrder.reversed();
    }

    /** The 64 hex digits in display order, as bitcoind prints them. */
    public String displayHex() {
        byte[] r = internalOrder.reversed().toArray();
        return Hex.encode(r);
    }

    @Override
    public String toString() {
        return displayHex();
    }
}
