package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Arrays;
import java.util.Optional;

/**
 * libsecp256k1 through secp256k1-kmp's JNI binding: about 5x faster than BouncyCastle on the hot
 * paths (sign 59k/s, recover 35k/s per core; reference/hot-path-costs.md §3.2).
 *
 * <p>libsecp256k1 has no recoverable-sign call in this binding, so the recovery id is found by
 * recovering with id 0 (then 1) and comparing with the signer's key: ids 2 and 3 need r ≥ p − n,
 * which happens with probability about 2^-128, and are still tried for completeness.
 */
public final class NativeSecp256k1 implements Secp256k1 {
    private final fr.acinq.secp256k1.Secp256k1 lib;

    private NativeSecp256k1(fr.acinq.secp256k1.Secp256k1 lib) {
        this.lib = lib;
    }

    /**
     * Loads the native library (extracted from the jar to a temporary directory by secp256k1-kmp).
     *
     * @return the backend, or the reason it cannot load (unsupported platform, noexec temp dir, …)
     */
    public static Loaded load() {
        try {
            fr.acinq.secp256k1.Secp256k1 lib = fr.acinq.secp256k1.Secp256k1.Companion.get();
            // Exercise the library once: loading is lazy and a broken native image fails here.
            lib.pubkeyCreate(one());
            return new Loaded(Optional.of(new NativeSecp256k1(lib)), "");
        } catch (RuntimeException | LinkageError e) {
            return new Loaded(Optional.empty(), e.toString());
        }
    }

    /** The outcome of {@link #load()}: the backend, or why there is none. */
    public record Loaded(Optional<NativeSecp256k1> backend, String failure) {
        public Loaded {
            java.util.Objects.requireNonNull(backend, "backend");
            java.util.Objects.requireNonNull(failure, "failure");
        }
    }

    private static byte[] one() {
        byte[] k = new byte[32];
        k[31] = 1;
        return k;
    }

    @Override
    public String name() {
        return "libsecp256k1 (JNI)";
    }

    @Override
    public Bytes publicKey(PrivateKey key) {
        return Bytes.of(lib.pubKeyCompress(lib.pubkeyCreate(key.value().toArray())));
    }

    @Override
    public RecoverableSignature sign(byte[] digest32, PrivateKey key) {
        requireDigest(digest32);
        byte[] seckey = key.value().toArray();
        byte[] compact = lib.sign(digest32, seckey, null);
        byte[] expected = lib.pubKeyCompress(lib.pubkeyCreate(seckey));
        for (int recid = 0; recid < 4; recid++) {
            Optional<byte[]> recovered = recoverRaw(digest32, compact, recid);
            if (recovered.isPresent() && Arrays.equals(recovered.get(), expected)) {
                return new RecoverableSignature(recid, Bytes.of(compact));
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signer's key");
    }

    @Override
    public Optional<Bytes> recover(byte[] digest32, RecoverableSignature signature) {
        requireDigest(digest32);
        return recoverRaw(digest32, signature.compact().toArray(), signature.recoveryId()).map(Bytes::of);
    }

    private Optional<byte[]> recoverRaw(byte[] digest32, byte[] compact, int recid) {
        try {
            return Optional.of(lib.pubKeyCompress(lib.ecdsaRecover(compact, digest32, recid)));
        } catch (RuntimeException e) {
            // secp256k1-kmp reports an unrecoverable signature (r or s out of range, no point) by throwing.
            return Optional.empty();
        }
    }

    @Override
    public boolean isValidPublicKey(Bytes compressed) {
        if (compressed.length() != 33) {
            return false;
        }
        try {
            lib.pubkeyParse(compressed.toArray());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void requireDigest(byte[] digest32) {
        if (digest32.length != 32) {
            throw new IllegalArgumentException("a digest is 32 bytes, got " + digest32.length);
        }
    }
}
