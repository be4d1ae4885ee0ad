package dev.vigil.towerprotocol.encoding;

import java.util.Optional;

/**
 * z-base-32, the human-oriented base-32 of the LN {@code signmessage} signatures that teos uses for
 * every user and tower signature: alphabet {@code ybndrfg8ejkmcpqxot1uwisza345h769}, 5-bit groups
 * most significant bit first, the last group zero-padded, no padding characters.
 *
 * <p>A 65-byte signature is exactly 104 characters (520 bits). Decoding is strict: lowercase only,
 * the canonical length, and the padding bits of the last character must be zero, so every byte string has exactly one
 * encoding (what lnd and LDK accept).
 */
public final class ZBase32 {
    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private ZBase32() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes strictly; empty on a character outside the alphabet or non-zero padding bits. */
    public static Optional<byte[]> decode(CharSequence text) {
        int n = text.length();
        byte[] out = new byte[n * 5 / 8];
        if ((out.length * 8 + 4) / 5 != n) {
            // A trailing character that carries only padding bits: not the canonical encoding.
            return Optional.empty();
        }
        int buffer = 0;
        int bits = 0;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[pos++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
