package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Pure-Java secp256k1 on BouncyCastle: the fallback when libsecp256k1 cannot load (an unsupported
 * platform, a noexec temporary directory). Same results as {@link NativeSecp256k1}, slower.
 *
 * <p>Signing uses BouncyCastle's RFC 6979 nonce ({@link HMacDSAKCalculator} over SHA-256), which is
 * the nonce libsecp256k1 derives when given no extra entropy, then normalises s to the low half as
 * libsecp256k1 does. Recovery follows SEC 1 v2 §4.1.6.
 */
public final class BouncyCastleSecp256k1 implements Secp256k1 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();

    @Override
    public String name() {
        return "BouncyCastle (pure Java)";
    }

    @Override
    public Bytes publicKey(PrivateKey key) {
        return Bytes.of(point(key).getEncoded(true));
    }

    private static ECPoint point(PrivateKey key) {
        BigInteger d = new BigInteger(1, key.value().toArray());
        return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
    }

    /**
     * ECDSA as BouncyCastle's {@code ECDSASigner} computes it (SEC 1 v2 §4.1.3, the RFC 6979 nonce),
     * written out so that the nonce point R is at hand: the recovery id is R's y parity plus 2 when
     * its x overflowed n (SEC 1 §4.1.6), flipped with y when s is negated to the low half. Searching
     * for the id by recovery instead would cost up to four more double multiplications.
     */
    @Override
    public RecoverableSignature sign(byte[] digest32, PrivateKey key) {
        NativeSecp256k1.requireDigest(digest32);
        BigInteger d = new BigInteger(1, key.value().toArray());
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new IllegalArgumentException("not a secp256k1 private key");
        }
        BigInteger e = new BigInteger(1, digest32); // n has 256 bits: the digest is e as it is
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, d, digest32);
        FixedPointCombMultiplier base = new FixedPointCombMultiplier();
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint bigR = base.multiply(DOMAIN.getG(), k).normalize();
            BigInteger x = bigR.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(e.add(d.multiply(r))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            int recid = (bigR.getAffineYCoord().testBitZero() ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
            if (s.compareTo(HALF_N) > 0) {
                s = N.subtract(s);
                recid ^= 1;
            }
            byte[] compact = new byte[64];
            putScalar(compact, 0, r);
            putScalar(compact, 32, s);
            return new RecoverableSignature(recid, Bytes.of(compact));
        }
    }

    @Override
    public Optional<Bytes> recover(byte[] digest32, RecoverableSignature signature) {
        NativeSecp256k1.requireDigest(digest32);
        byte[] c = signature.compact().toArray();
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(c, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(c, 32, 64));
        ECPoint q = recoverPoint(digest32, r, s, signature.recoveryId());
        return q == null ? Optional.empty() : Optional.of(Bytes.of(q.getEncoded(true)));
    }

    /** SEC 1 §4.1.6: Q = r⁻¹(sR − eG), or null when (r, s, recid) admit no key. */
    private static ECPoint recoverPoint(byte[] digest32, BigInteger r, BigInteger s, int recid) {
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return null;
        }
        BigInteger x = r.add(N.multiply(BigInteger.valueOf(recid >> 1)));
        if (x.compareTo(P) >= 0) {
            return null;
        }
        byte[] encoded = new byte[33];
        encoded[0] = (byte) ((recid & 1) == 0 ? 0x02 : 0x03);
        putScalar(encoded, 1, x);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(encoded);
        } catch (IllegalArgumentException notOnCurve) {
            return null;
        }
        BigInteger e = new BigInteger(1, digest32);
        BigInteger rInv = r.modInverse(N);
        BigInteger u1 = e.negate().mod(N).multiply(rInv).mod(N);
        BigInteger u2 = s.multiply(rInv).mod(N);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
        return q.isInfinity() ? null : q;
    }

    @Override
    public boolean isValidPublicKey(Bytes compressed) {
        if (compressed.length() != 33 || (compressed.get(0) != 0x02 && compressed.get(0) != 0x03)) {
            return false;
        }
        try {
            return CURVE.getCurve().decodePoint(compressed.toArray()).isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void putScalar(byte[] out, int offset, BigInteger v) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }
}
