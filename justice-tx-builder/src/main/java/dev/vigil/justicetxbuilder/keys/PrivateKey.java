package dev.vigil.justicetxbuilder.keys;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A secp256k1 secret scalar: a basepoint secret, a per-commitment secret, or a key derived from them.
 * {@link #toString()} never shows the value.
 *
 * @param secret 32 big-endian bytes, in [1, n−1]
 */
public record PrivateKey(Bytes secret) {
    public static final int LENGTH = 32;

    public PrivateKey {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() != LENGTH) {
            throw new IllegalArgumentException("a private key is 32 bytes, got " + secret.length());
        }
        BigInteger k = new BigInteger(1, secret.toArray());
        if (k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
            throw new IllegalArgumentException("a private key must be in [1, n-1]");
        }
    }

    public static PrivateKey fromHex(String hex) {
        return new PrivateKey(Bytes.fromHex(hex));
    }

    static PrivateKey of(BigInteger k) {
        return new PrivateKey(Bytes.of(Secp256k1.toBytes32(k)));
    }

    /** k·G. */
    public PublicKey publicKey() {
        return new PublicKey(Bytes.of(Secp256k1.encode(Secp256k1.G.multiply(scalar()))));
    }

    BigInteger scalar() {
        return new BigInteger(1, secret.toArray());
    }

    @Override
    public String toString() {
        return "PrivateKey[secret=<redacted>]";
    }
}
