package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import java.util.Optional;

/**
 * A 33-byte compressed secp256k1 public key (prefix 02 or 03). The constructor checks the shape;
 * {@link #parse} also checks that the point is on the curve, which needs a {@link Secp256k1} backend.
 */
public record PublicKey(Bytes compressed) {
    public static final int LENGTH = 33;

    public PublicKey {
        Bytes.requireLength(compressed, LENGTH, "a compressed public key");
        byte prefix = compressed.get(0);
        if (prefix != 0x02 && prefix != 0x03) {
            throw new IllegalArgumentException("a compressed public key starts with 02 or 03");
        }
    }

    /** The key if {@code bytes} is a valid compressed point on the curve, else empty. */
    public static Optional<PublicKey> parse(Bytes bytes, Secp256k1 secp) {
        if (bytes.length() != LENGTH || (bytes.get(0) != 0x02 && bytes.get(0) != 0x03)) {
            return Optional.empty();
        }
        return secp.isValidPublicKey(bytes) ? Optional.of(new PublicKey(bytes)) : Optional.empty();
    }

    public static PublicKey fromHex(String hex) {
        return new PublicKey(Bytes.fromHex(hex));
    }

    public String toHex() {
        return compressed.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
