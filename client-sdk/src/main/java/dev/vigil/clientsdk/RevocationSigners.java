package dev.vigil.clientsdk;

import dev.vigil.justicetxbuilder.justice.RevocationSigner;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: where the SDK finds the signer of a channel's justice transactions. The wallet's revocation
 * basepoint secrets stay with the wallet (in its key store, a hardware signer, another process); the
 * SDK keeps only public keys and asks here, per revoked state, for the signer of the channel's
 * revocation basepoint.
 *
 * <p>Contract: called from the thread that calls {@link TowerClient#onRevokedCommitment}, never under
 * the SDK's lock; may block (a hardware signer); must be thread-safe if the wallet reports revocations
 * from several threads. Empty means the wallet cannot sign for that basepoint now: the revocation is
 * refused ({@link RevocationResult.NoSigner}) and nothing is stored.
 */
public interface RevocationSigners {
    /** No signer at all: a client that only relays prebuilt justice ({@link TowerClient#addAppointment}). */
    RevocationSigners NONE = basepoint -> Optional.empty();

    Optional<RevocationSigner> forBasepoint(PublicKey revocationBasepoint);

    /** Signers held in memory for the given revocation basepoint secrets. */
    static RevocationSigners of(PrivateKey... revocationBasepointSecrets) {
        List<RevocationSigner> signers = new ArrayList<>();
        for (PrivateKey k : revocationBasepointSecrets) {
            signers.add(RevocationSigner.of(Objects.requireNonNull(k, "a revocation basepoint secret")));
        }
        List<RevocationSigner> all = Collections.unmodifiableList(signers);
        return basepoint -> {
            for (RevocationSigner s : all) {
                if (s.revocationBasepoint().equals(basepoint)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        };
    }
}
