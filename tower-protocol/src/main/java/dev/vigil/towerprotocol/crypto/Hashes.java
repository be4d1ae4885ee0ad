package dev.vigil.towerprotocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** The hash functions of the protocol. SHA-256 goes through the JDK (SHA-NI intrinsics). */
public final class Hashes {
    private Hashes() {}

    public static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    /** SHA256(a || b) without building the concatenation. */
    public static byte[] sha256(byte[] a, byte[] b) {
        MessageDigest d = sha256Digest();
        d.update(a);
        d.update(b);
        return d.digest();
    }

    /** SHA256(SHA256(data)): txids, block hashes and the LN signed-message digest. */
    public static byte[] sha256d(byte[] data) {
        MessageDigest d = sha256Digest();
        return d.digest(d.digest(data));
    }

    /** Plain RIPEMD-160 (not HASH160): teos's appointment UUID. */
    public static byte[] ripemd160(byte[] data) {
        RIPEMD160Digest d = new RIPEMD160Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[20];
        d.doFinal(out, 0);
        return out;
    }

    /** RIPEMD160(SHA256(data)): Bitcoin's HASH160 (P2WPKH programs, HTLC revocation key hashes). */
    public static byte[] hash160(byte[] data) {
        return ripemd160(sha256(data));
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
