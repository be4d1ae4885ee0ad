package dev.vigil.justicetxbuilder.keys;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * A secp256k1 public key in its 33-byte compressed SEC1 encoding, the only form BOLT 3 scripts use
 * (segwit v0 policy also rejects uncompressed keys in witness scripts: WITNESS_PUBKEYTYPE).
 *
 * @param encoded 33 bytes, 0x02 or 0x03 then X; checked to be a point on the curve
 */
public record PublicKey(Bytes encoded) {
    public static final int LENGTH = 33;

    public PublicKey {
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length() != LENGTH || (encoded.get(0) != 2 && encoded.get(0) != 3)) {
            throw new IllegalArgumentException("a public key is 33 bytes starting 02 or 03, got " + encoded);
        }
        Secp256k1.decode(encoded.toArray());
    }

    public static PublicKey fromHex(String hex) {
        return new PublicKey(Bytes.fromHex(hex));
    }

    public String toHex() {
        return encoded.toHex();
    }
}
