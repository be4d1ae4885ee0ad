package dev.vigil.justicetxbuilder.keys;

import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * Per-commitment secret generation, BOLT 3 "Per-commitment Secret Requirements" (the 48-bit
 * "shachain"): the sender derives every secret from one seed, so that the receiver can store all of
 * them in 49 slots (see {@link SecretStore}).
 */
public final class PerCommitmentSecrets {
    /** Indexes are 48-bit: the first commitment uses 2^48−1 and each later one the next lower. */
    public static final long MAX_INDEX = (1L << 48) - 1;

    private PerCommitmentSecrets() {}

    /** The index of commitment number {@code commitmentNumber}: 2^48 − 1 − commitmentNumber. */
    public static long indexOf(long commitmentNumber) {
        checkIndex(commitmentNumber);
        return MAX_INDEX - commitmentNumber;
    }

    /** {@code generate_from_seed(seed, I)}: the secret with index {@code index}. */
    public static Bytes generate(Bytes seed, long index) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length() != 32) {
            throw new IllegalArgumentException("the seed is 32 bytes");
        }
        checkIndex(index);
        return Bytes.of(derive(seed.toArray(), 48, index));
    }

    /**
     * The shared loop of generation and storage: for bit b from {@code bits}−1 down to 0, if bit b of
     * {@code index} is set, flip bit (b mod 8) of byte (b div 8) and hash. Works on (and returns) a
     * copy of {@code base}.
     */
    static byte[] derive(byte[] base, int bits, long index) {
        byte[] p = base.clone();
        for (int b = bits - 1; b >= 0; b--) {
            if (((index >>> b) & 1) != 0) {
                p[b / 8] ^= (byte) (1 << (b % 8));
                p = Hashes.sha256(p);
            }
        }
        return p;
    }

    static void checkIndex(long index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("a per-commitment index is 48-bit, got " + index);
        }
    }
}
