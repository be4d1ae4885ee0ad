package dev.vigil.towerprotocol.monitor;

import java.util.Optional;

/** The strict text forms signed messages and outpoints use: decimals without sign or leading zeros, lowercase hex. */
final class Decimal {
    private Decimal() {}

    /** The value of {@code text} if it is a canonical unsigned decimal no greater than {@code max}. */
    static Optional<Long> parseUnsigned(String text, long max) {
        int n = text.length();
        if (n == 0 || n > 19 || (n > 1 && text.charAt(0) == '0')) {
            return Optional.empty();
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            v = v * 10 + (c - '0');
            if (v < 0 || v > max) {
                return Optional.empty();
            }
        }
        return Optional.of(v);
    }

    /** Whether {@code text} is non-empty lowercase hex of even length. */
    static boolean isLowerHex(String text) {
        if (text.isEmpty() || (text.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
