package dev.vigil.justicetxbuilder.keys;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The receiver's compact storage of per-commitment secrets, BOLT 3 "Efficient Per-commitment Secret
 * Storage": 49 slots, one per count of trailing zero bits of the index. Each accepted secret must
 * re-derive every filled slot below its own; a counterparty that sends a secret failing that check
 * is lying about one of them, and the secret is rejected.
 *
 * <p>Immutable: {@link #insert} returns a new store.
 */
public final class SecretStore {
    private static final int SLOTS = 49;
    private static final SecretStore EMPTY = new SecretStore(new long[SLOTS], new Bytes[SLOTS]);

    private final long[] indexes;
    private final Bytes[] secrets;

    private SecretStore(long[] indexes, Bytes[] secrets) {
        this.indexes = indexes;
        this.secrets = secrets;
    }

    public static SecretStore empty() {
        return EMPTY;
    }

    /** What {@link #insert} decided. */
    public sealed interface InsertResult {
        /** The secret is consistent with every stored one; {@code store} holds it. */
        record Inserted(SecretStore store) implements InsertResult {
            public Inserted {
                Objects.requireNonNull(store, "store");
            }
        }

        /**
         * The secret does not derive the stored secret of {@code conflictingIndex}: one of the two is
         * not from the counterparty's seed. The store is unchanged.
         */
        record Rejected(long conflictingIndex) implements InsertResult {}
    }

    /** {@code insert_secret(secret, I)}. */
    public InsertResult insert(long index, Bytes secret) {
        PerCommitmentSecrets.checkIndex(index);
        Objects.requireNonNull(secret, "secret");
        if (secret.length() != 32) {
            throw new IllegalArgumentException("a per-commitment secret is 32 bytes");
        }
        int slot = slotOf(index);
        byte[] s = secret.toArray();
        // The bound is exclusive (b < slot): the spec's loop only checks slots strictly below.
        for (int b = 0; b < slot; b++) {
            if (secrets[b] != null) {
                byte[] derived = PerCommitmentSecrets.derive(s, slot, indexes[b]);
                if (!Arrays.equals(derived, secrets[b].toArray())) {
                    return new InsertResult.Rejected(indexes[b]);
                }
            }
        }
        long[] newIndexes = indexes.clone();
        Bytes[] newSecrets = secrets.clone();
        newIndexes[slot] = index;
        newSecrets[slot] = secret;
        return new InsertResult.Inserted(new SecretStore(newIndexes, newSecrets));
    }

    /**
     * {@code derive_old_secret(I)}: the secret of {@code index} if a stored secret covers it. (The
     * spec's pseudo-code calls {@code derive_secret(known, i, I)}; the intended call derives from
     * {@code known[b].secret} over {@code b} bits.)
     */
    public Optional<Bytes> lookup(long index) {
        PerCommitmentSecrets.checkIndex(index);
        for (int b = 0; b < SLOTS; b++) {
            if (secrets[b] == null) {
                continue;
            }
            long mask = ~((1L << b) - 1); // clears the b low bits (all 48 for b = 48)
            if ((index & mask) == indexes[b]) {
                return Optional.of(Bytes.of(PerCommitmentSecrets.derive(secrets[b].toArray(), b, index)));
            }
        }
        return Optional.empty();
    }

    /** Number of trailing zero bits of the index, 48 for index 0. */
    private static int slotOf(long index) {
        return index == 0 ? 48 : Long.numberOfTrailingZeros(index);
    }

    @Override
    public String toString() {
        return "SecretStore[" + Arrays.stream(secrets).filter(Objects::nonNull).count() + " slots filled]";
    }
}
