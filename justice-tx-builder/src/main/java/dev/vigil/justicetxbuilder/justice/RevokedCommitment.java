package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.List;
import java.util.Objects;

/**
 * A counterparty commitment the wallet has revoked, and what it takes to punish its publication.
 *
 * @param commitmentTx        the serialized commitment transaction (with or without witness)
 * @param perCommitmentSecret the secret the counterparty revealed in {@code revoke_and_ack}
 * @param htlcs               the HTLCs of that state, trimmed or not (trimmed ones have no output and
 *                            are reported back as absent)
 */
public record RevokedCommitment(Bytes commitmentTx, PrivateKey perCommitmentSecret, List<Htlc> htlcs) {
    public RevokedCommitment {
        Objects.requireNonNull(commitmentTx, "commitmentTx");
        Objects.requireNonNull(perCommitmentSecret, "perCommitmentSecret");
        htlcs = Lists.copyOf(htlcs);
    }
}
