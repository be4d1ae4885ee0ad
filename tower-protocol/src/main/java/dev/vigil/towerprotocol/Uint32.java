package dev.vigil.towerprotocol;

/** Checks and big-endian encoding for the protocol's u32 fields, carried as {@code long}. */
public final class Uint32 {
    public static final long MAX = 0xFFFF_FFFFL;

    private Uint32() {}

    /** {@code value} if it fits in 32 unsigned bits; otherwise an exception naming {@code field}. */
    public static long check(String field, long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " must be in [0, " + MAX + "], got " + value);
        }
        return value;
    }

    /** Writes {@code value} big-endian at {@code offset}. */
    public static void putBigEndian(byte[] out, int offset, long value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }
}
