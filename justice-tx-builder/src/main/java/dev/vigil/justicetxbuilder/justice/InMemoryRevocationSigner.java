package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.Objects;

/**
 * {@link RevocationSigner#of}: the revocation basepoint secret in this process's memory. The
 * per-commitment revocation key is derived afresh for every signature rather than cached, so no
 * derived key outlives its request. What it keeps is public: the revocation basepoint and the
 * per-commitment point of the last secret it signed for (a justice transaction signs every input
 * with the same secret, and computing the point is a multiplication as costly as the signature).
 */
final class InMemoryRevocationSigner implements RevocationSigner {
    private final PrivateKey revocationBasepointSecret;
    private final PublicKey revocationBasepoint;
    /** The last per-commitment secret and its point, replaced whole. */
    private volatile SecretPoint last;

    private record SecretPoint(PrivateKey secret, PublicKey point) {}

    InMemoryRevocationSigner(PrivateKey revocationBasepointSecret) {
        this.revocationBasepointSecret = Objects.requireNonNull(revocationBasepointSecret, "revocationBasepointSecret");
        this.revocationBasepoint = Bolt3Keys.publicKey(revocationBasepointSecret);
    }

    @Override
    public PublicKey revocationBasepoint() {
        return revocationBasepoint;
    }

    @Override
    public Bytes sign(PrivateKey perCommitmentSecret, Bytes sighash) {
        Objects.requireNonNull(perCommitmentSecret, "perCommitmentSecret");
        Bytes.requireLength(sighash, 32, "a sighash");
        SecretPoint known = last;
        if (known == null || !known.secret().equals(perCommitmentSecret)) {
            known = new SecretPoint(perCommitmentSecret, Bolt3Keys.perCommitmentPoint(perCommitmentSecret));
            last = known;
        }
        PrivateKey revocationKey = Bolt3Keys.revocationPrivateKey(revocationBasepointSecret, revocationBasepoint,
                perCommitmentSecret, known.point());
        return BitcoinjTransactions.signDigest(revocationKey, sighash);
    }

    @Override
    public String toString() {
        return "RevocationSigner.of(" + revocationBasepoint + ")";
    }
}
