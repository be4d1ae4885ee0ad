package dev.vigil.towerprotocol.encoding;

import java.util.Optional;

/**
 * Lowercase hexadecimal, as every teos JSON field and bitcoind RPC uses.
 *
 * <p>Written here rather than taken from {@code java.util.HexFormat} because the client SDK runs on
 * Android, which lacks it (DESIGN §1).
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** Encodes {@code bytes} as lowercase hex. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /** Encodes {@code length} bytes from {@code offset} as lowercase hex. */
    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    /**
     * Decodes hex (either case).
     *
     * @throws IllegalArgumentException on an odd length or a non-hex character, naming which
     */
    public static byte[] decode(CharSequence hex) {
        return tryDecode(hex).orElseThrow(() -> new IllegalArgumentException(describeProblem(hex)));
    }

    /** Decodes hex (either case), or empty if the text is not valid hex. Never throws. */
    public static Optional<byte[]> tryDecode(CharSequence hex) {
        int n = hex.length();
        if ((n & 1) != 0) {
            return Optional.empty();
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(hex.charAt(2 * i));
            int lo = digit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return Optional.of(out);
    }

    /** Why {@code hex} does not decode, in words an API user can act on; null if it decodes. */
    public static String describeProblem(CharSequence hex) {
        if ((hex.length() & 1) != 0) {
            return "odd number of hex digits (" + hex.length() + ")";
        }
        for (int i = 0; i < hex.length(); i++) {
            if (digit(hex.charAt(i)) < 0) {
                return "invalid hex character at position " + i;
            }
        }
        return null;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
