package dev.vigil.justicetxbuilder.keys;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.math.BigInteger;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Per-commitment key derivation, BOLT 3 "Key Derivation" (03-transactions.md). All hashes are over
 * the 33-byte compressed encodings of the two points.
 */
public final class Bolt3Keys {
    /**
     * Multiplications of G go through BouncyCastle's fixed-point comb, whose table for G is built
     * once and kept: faster than the generic multiplier on a phone, where this code runs on every
     * revoked state.
     */
    private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

    private Bolt3Keys() {}

    /** k·G, compressed. */
    public static PublicKey publicKey(PrivateKey key) {
        return publicKeyOf(BASE.multiply(Secp256k1.G, scalar(key)));
    }

    /**
     * {@code key} if it is a point on the curve; the record itself only checks the encoding's shape.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static PublicKey requireOnCurve(PublicKey key, String what) {
        try {
            Secp256k1.decode(key.compressed().toArray());
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a point on secp256k1: " + key, e);
        }
    }

    static BigInteger scalar(PrivateKey key) {
        return new BigInteger(1, key.value().toArray());
    }

    static PrivateKey privateKey(BigInteger k) {
        return new PrivateKey(Bytes.of(Secp256k1.toBytes32(k)));
    }

    /** per_commitment_point = per_commitment_secret·G. */
    public static PublicKey perCommitmentPoint(PrivateKey perCommitmentSecret) {
        return publicKey(perCommitmentSecret);
    }

    /**
     * The simple tweak, "localpubkey, local_htlcpubkey, remote_htlcpubkey, local_delayedpubkey, and
     * remote_delayedpubkey Derivation": basepoint + SHA256(per_commitment_point || basepoint)·G.
     */
    public static PublicKey derivePublicKey(PublicKey basepoint, PublicKey perCommitmentPoint) {
        BigInteger t = tweak(perCommitmentPoint, basepoint);
        ECPoint p = point(basepoint).add(BASE.multiply(Secp256k1.G, t));
        return publicKeyOf(p);
    }

    /** The matching secret: basepoint_secret + SHA256(per_commitment_point || basepoint) mod n. */
    public static PrivateKey derivePrivateKey(PrivateKey basepointSecret, PublicKey perCommitmentPoint) {
        BigInteger t = tweak(perCommitmentPoint, Bolt3Keys.publicKey(basepointSecret));
        return privateKey(scalar(basepointSecret).add(t).mod(Secp256k1.N));
    }

    /**
     * "revocationpubkey Derivation": R·SHA256(R || P) + P·SHA256(P || R), where R is the revocation
     * basepoint of the node that would punish and P the per-commitment point of the commitment owner.
     * Neither party alone knows the secret until the owner reveals the per-commitment secret.
     */
    public static PublicKey revocationPublicKey(PublicKey revocationBasepoint, PublicKey perCommitmentPoint) {
        // One interleaved double multiplication (Shamir's trick) rather than two and an addition.
        return publicKeyOf(ECAlgorithms.sumOfTwoMultiplies(
                point(revocationBasepoint), tweak(revocationBasepoint, perCommitmentPoint),
                point(perCommitmentPoint), tweak(perCommitmentPoint, revocationBasepoint)));
    }

    /** r·SHA256(R || P) + p·SHA256(P || R) mod n: what signs every penalty input. */
    public static PrivateKey revocationPrivateKey(PrivateKey revocationBasepointSecret, PrivateKey perCommitmentSecret) {
        return revocationPrivateKey(revocationBasepointSecret, publicKey(revocationBasepointSecret),
                perCommitmentSecret, publicKey(perCommitmentSecret));
    }

    /**
     * The same, for a caller that keeps the two public points ({@code revocationBasepoint} =
     * {@code revocationBasepointSecret}·G and {@code perCommitmentPoint} = {@code
     * perCommitmentSecret}·G, neither checked): no point multiplication at all.
     */
    public static PrivateKey revocationPrivateKey(PrivateKey revocationBasepointSecret, PublicKey revocationBasepoint,
                                                  PrivateKey perCommitmentSecret, PublicKey perCommitmentPoint) {
        BigInteger k = scalar(revocationBasepointSecret).multiply(tweak(revocationBasepoint, perCommitmentPoint))
                .add(scalar(perCommitmentSecret).multiply(tweak(perCommitmentPoint, revocationBasepoint)))
                .mod(Secp256k1.N);
        return privateKey(k);
    }

    /** SHA256(first || second) as a scalar (reduced mod n; the chance it matters is ~2^-128). */
    private static BigInteger tweak(PublicKey first, PublicKey second) {
        byte[] h = Hashes.sha256(first.compressed().toArray(), second.compressed().toArray());
        return new BigInteger(1, h).mod(Secp256k1.N);
    }

    private static ECPoint point(PublicKey key) {
        return Secp256k1.decode(key.compressed().toArray());
    }

    private static PublicKey publicKeyOf(ECPoint p) {
        return new PublicKey(Bytes.of(Secp256k1.encode(p)));
    }
}
