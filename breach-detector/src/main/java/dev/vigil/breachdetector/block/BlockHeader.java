package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * The 80-byte block header: version, previous block hash, merkle root, time, bits, nonce (all
 * little-endian, hashes in internal order).
 *
 * @param serialized the 80 header bytes exactly as on the wire
 */
public record BlockHeader(Bytes serialized) {
    public static final int LENGTH = 80;

    public BlockHeader {
        Objects.requireNonNull(serialized, "serialized");
        if (serialized.length() != LENGTH) {
            throw new IllegalArgumentException("a block header has 80 bytes, got " + serialized.length());
        }
    }

    /** The block hash: double SHA-256 of the 80 bytes. */
    public Hash256 hash() {
        byte[] h = serialized.toArray();
        return Hash256.ofInternal(Sha256d.of(h, 0, LENGTH), 0);
    }

    /** nVersion, signed 32-bit as bitcoind shows it in {@code version}. */
    public int version() {
        return (int) u32(0);
    }

    public Hash256 prevBlockHash() {
        return new Hash256(serialized.slice(4, 32));
    }

    public Hash256 merkleRoot() {
        return new Hash256(serialized.slice(36, 32));
    }

    /** nTime, seconds since the epoch (unsigned 32-bit). */
    public long time() {
        return u32(68);
    }

    /** nBits, the compact target. */
    public long bits() {
        return u32(72);
    }

    public long nonce() {
        return u32(76);
    }

    private long u32(int at) {
        return (serialized.get(at) & 0xffL) | (serialized.get(at + 1) & 0xffL) << 8
                | (serialized.get(at + 2) & 0xffL) << 16 | (serialized.get(at + 3) & 0xffL) << 24;
    }
}
