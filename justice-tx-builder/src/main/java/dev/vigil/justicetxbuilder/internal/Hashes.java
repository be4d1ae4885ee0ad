package dev.vigil.justicetxbuilder.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** SHA256 and RIPEMD160 over byte arrays. Not API. */
public final class Hashes {
    private Hashes() {}

    public static byte[] sha256(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    public static byte[] ripemd160(byte[] data) {
        RIPEMD160Digest d = new RIPEMD160Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[20];
        d.doFinal(out, 0);
        return out;
    }

    /** RIPEMD160(SHA256(data)): Bitcoin's HASH160. */
    public static byte[] hash160(byte[] data) {
        return ripemd160(sha256(data));
    }
}
