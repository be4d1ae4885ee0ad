package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.math.BigInteger;

/** A secp256k1 secret scalar in [1, n-1]. Never printed: {@link #toString()} is redacted. */
public record PrivateKey(Bytes value) {
    public static final int LENGTH = 32;
    /** The order n of the secp256k1 group. */
    public static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    public PrivateKey {
        Bytes.requireLength(value, LENGTH, "a private key");
        BigInteger d = new BigInteger(1, value.toArray());
        if (d.signum() == 0 || d.compareTo(CURVE_ORDER) >= 0) {
            throw new IllegalArgumentException("a private key must be in [1, n-1]");
        }
    }

    public static PrivateKey fromHex(String hex) {
        return new PrivateKey(Bytes.fromHex(hex));
    }

    /** A fresh random key from {@code random}. */
    public static PrivateKey random(java.security.SecureRandom random) {
        byte[] b = new byte[LENGTH];
        while (true) {
            random.nextBytes(b);
            BigInteger d = new BigInteger(1, b);
            if (d.signum() > 0 && d.compareTo(CURVE_ORDER) < 0) {
                return new PrivateKey(Bytes.of(b));
            }
        }
    }

    @Override
    public String toString() {
        return "PrivateKey[redacted]";
    }
}
