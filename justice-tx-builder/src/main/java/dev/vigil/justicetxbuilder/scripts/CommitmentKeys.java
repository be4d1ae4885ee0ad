package dev.vigil.justicetxbuilder.scripts;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.towerprotocol.PublicKey;
import java.util.Objects;

/**
 * The per-commitment keys that appear in one commitment's scripts, named from the commitment owner's
 * side as in BOLT 3 (revocationpubkey, local_delayedpubkey, local_htlcpubkey, remote_htlcpubkey).
 */
public record CommitmentKeys(
        PublicKey revocationKey, PublicKey ownerDelayedKey, PublicKey ownerHtlcKey, PublicKey counterpartyHtlcKey) {
    public CommitmentKeys {
        Objects.requireNonNull(revocationKey, "revocationKey");
        Objects.requireNonNull(ownerDelayedKey, "ownerDelayedKey");
        Objects.requireNonNull(ownerHtlcKey, "ownerHtlcKey");
        Objects.requireNonNull(counterpartyHtlcKey, "counterpartyHtlcKey");
    }

    /**
     * Derives the key set of the owner's commitment with {@code perCommitmentPoint} (BOLT 3 "Key
     * Derivation"). The revocation basepoint is the counterparty's: the party that can punish.
     */
    public static CommitmentKeys derive(
            PublicKey perCommitmentPoint,
            PublicKey counterpartyRevocationBasepoint,
            PublicKey ownerDelayedPaymentBasepoint,
            PublicKey ownerHtlcBasepoint,
            PublicKey counterpartyHtlcBasepoint) {
        return new CommitmentKeys(
                Bolt3Keys.revocationPublicKey(counterpartyRevocationBasepoint, perCommitmentPoint),
                Bolt3Keys.derivePublicKey(ownerDelayedPaymentBasepoint, perCommitmentPoint),
                Bolt3Keys.derivePublicKey(ownerHtlcBasepoint, perCommitmentPoint),
                Bolt3Keys.derivePublicKey(counterpartyHtlcBasepoint, perCommitmentPoint));
    }
}
