package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * libsecp256k1 through secp256k1-kmp's JNI binding: about 5x faster than BouncyCastle on the hot
 * paths (sign 59k/s, recover 35k/s per core; reference/hot-path-costs.md §3.2).
 *
 * <p>libsecp256k1 has no recoverable-sign call in this binding. The recovery id is the parity of the
 * nonce point R's y coordinate (plus 2 if R.x overflowed the group order), so it is computed from R:
 * the RFC 6979 nonce k is re-derived here (BouncyCastle's {@link HMacDSAKCalculator}, the same
 * HMAC-DRBG libsecp256k1 uses without extra entropy) and R = k·G taken from libsecp256k1. That costs
 * one key derivation instead of one or two public-key recoveries (see {@code bench/}). The result is
 * checked against the signature's r; should it ever differ, the id is found by recovery instead.
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
        int fromNonce = recoveryIdFromNonce(digest32, seckey, compact);
        if (fromNonce >= 0) {
            return new RecoverableSignature(fromNonce, Bytes.of(compact));
        }
        byte[] expected = lib.pubKeyCompress(lib.pubkeyCreate(seckey));
        for (int recid = 0; recid < 4; recid++) {
            Optional<byte[]> recovered = recoverRaw(digest32, compact, recid);
            if (recovered.isPresent() && Arrays.equals(recovered.get(), expected)) {
                return new RecoverableSignature(recid, Bytes.of(compact));
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signer's key");
    }

    /**
     * The recovery id from R = k·G, or -1 if the re-derived nonce does not reproduce (r, s).
     * libsecp256k1 normalises s to the low half; negating s corresponds to −R, so the parity flips.
     */
    private int recoveryIdFromNonce(byte[] digest32, byte[] seckey, byte[] compact) {
        BigInteger n = PrivateKey.CURVE_ORDER;
        BigInteger d = new BigInteger(1, seckey);
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(n, d, digest32);
        BigInteger k = nonces.nextK();
        byte[] point = lib.pubkeyCreate(toScalar(k)); // 65 bytes: 04 || x || y
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
        int recid = point[64] & 1;
        if (!x.equals(r)) {
            if (!x.subtract(n).equals(r)) {
                return -1;
            }
            recid |= 2;
        }
        // s was computed as k⁻¹(z + r·d) mod n, then maybe negated. Checked as s·k ≡ ±(z + r·d)
        // without the inverse: BigInteger.modInverse was the largest cost of signing (bench/).
        BigInteger zrd = new BigInteger(1, digest32).add(r.multiply(d)).mod(n);
        BigInteger sk = s.multiply(k).mod(n);
        if (sk.equals(zrd)) {
            return recid;
        }
        if (n.subtract(sk).mod(n).equals(zrd)) {
            return recid ^ 1;
        }
        return -1;
    }

    private static byte[] toScalar(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
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
