package dev.vigil.justicetxbuilder.keys;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/** The secp256k1 group, through BouncyCastle's constant-time custom curve. Package-private. */
final class Secp256k1 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final BigInteger N = PARAMS.getN();
    static final ECPoint G = PARAMS.getG();

    private Secp256k1() {}

    /** Decodes a compressed point; throws IllegalArgumentException if it is not on the curve. */
    static ECPoint decode(byte[] compressed) {
        ECPoint p = PARAMS.getCurve().decodePoint(compressed);
        if (p.isInfinity() || !p.isValid()) {
            throw new IllegalArgumentException("not a valid secp256k1 point");
        }
        return p;
    }

    static byte[] encode(ECPoint p) {
        if (p.isInfinity()) {
            // Only reachable with a negligible-probability tweak or a deliberately crafted input.
            throw new ArithmeticException("point at infinity");
        }
        return p.normalize().getEncoded(true);
    }

    /** A scalar as 32 big-endian bytes. */
    static byte[] toBytes32(BigInteger k) {
        byte[] raw = k.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
