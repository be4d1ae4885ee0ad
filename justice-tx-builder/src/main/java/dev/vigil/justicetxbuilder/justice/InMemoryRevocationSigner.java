package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.Objects;

/**
 * {@link RevocationSigner#of}: the revocation basepoint secret in this process's memory. The
 * per-commitment revocation key is derived afresh for every signature (two scalar multiplications,
 * small beside the signature itself) rather than cached, so no derived key outlives its request.
 */
final class InMemoryRevocationSigner implements RevocationSigner {
    private final PrivateKey revocationBasepointSecret;
    private final PublicKey revocationBasepoint;

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
        PrivateKey revocationKey = Bolt3Keys.revocationPrivateKey(revocationBasepointSecret, perCommitmentSecret);
        return BitcoinjTransactions.signDigest(revocationKey, sighash);
    }

    @Override
    public String toString() {
        return "RevocationSigner.of(" + revocationBasepoint + ")";
    }
}
