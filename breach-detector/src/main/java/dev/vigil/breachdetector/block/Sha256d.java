package dev.vigil.breachdetector.block;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Double SHA-256 over byte ranges, writing straight into a caller's array. One instance per parse
 * (a {@link MessageDigest} is not thread-safe); the JDK's SHA-256 uses the SHA-NI intrinsics where
 * the CPU has them (hot-path-costs.md §3.2: ~1.75 GB/s).
 */
final class Sha256d {
    private final MessageDigest sha256;
    private final byte[] first = new byte[32];

    Sha256d() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Feeds {@code len} bytes of {@code buf} from {@code off} into the first hash. */
    void update(byte[] buf, int off, int len) {
        sha256.update(buf, off, len);
    }

    /** Finishes: SHA-256 of the first SHA-256, written to {@code out} at {@code outOff}. */
    void finish(byte[] out, int outOff) {
        try {
            sha256.digest(first, 0, 32);
            sha256.update(first, 0, 32);
            sha256.digest(out, outOff, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("32-byte output buffer rejected", e);
        }
    }

    /** Double SHA-256 of one range. */
    void hash(byte[] buf, int off, int len, byte[] out, int outOff) {
        update(buf, off, len);
        finish(out, outOff);
    }

    /** A fresh 32-byte double SHA-256 of one range. */
    static byte[] of(byte[] buf, int off, int len) {
        byte[] out = new byte[32];
        new Sha256d().hash(buf, off, len, out, 0);
        return out;
    }
}
