package dev.vigil.towerprotocol.encoding;

import java.util.Objects;
import java.util.Optional;

/**
 * Lowercase hexadecimal, as every teos JSON field and bitcoind RPC uses.
 *
 * <p>Written here rather than taken from {@code java.util.HexFormat} because the client SDK runs on
 * Android, which lacks it (DESIGN §1).
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /**
     * Why a text is not hex: its {@code kind} and the {@code position} it concerns (for an odd length, the
     * length, where the missing digit would be).
     */
    public record Problem(Kind kind, int position) {
        /** What is wrong. */
        public enum Kind {
            /** An odd number of characters. */
            ODD_LENGTH,
            /** A character that is not a hex digit, at {@code position}. */
            INVALID_CHARACTER
        }

        public Problem {
            Objects.requireNonNull(kind, "kind");
            if (position < 0) {
                throw new IllegalArgumentException("negative position " + position);
            }
        }

        /** In words an API user can act on. */
        public String describe() {
            return switch (kind) {
                case ODD_LENGTH -> "odd number of hex digits (" + position + ")";
                case INVALID_CHARACTER -> "invalid hex character at position " + position;
            };
        }
    }

    private Hex() {}

    /** Encodes {@code bytes} as lowercase hex. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
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
        // problem(hex) is present whenever tryDecode is empty; Optional.orElseThrow() is not in Android API 26.
        return tryDecode(hex).orElseThrow(() -> new IllegalArgumentException(problem(hex).get().describe()));
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

    /** Why {@code hex} does not decode (an odd length before any bad character), or empty if it decodes. */
    public static Optional<Problem> problem(CharSequence hex) {
        if ((hex.length() & 1) != 0) {
            return Optional.of(new Problem(Problem.Kind.ODD_LENGTH, hex.length()));
        }
        for (int i = 0; i < hex.length(); i++) {
            if (digit(hex.charAt(i)) < 0) {
                return Optional.of(new Problem(Problem.Kind.INVALID_CHARACTER, i));
            }
        }
        return Optional.empty();
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
