package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentKeys;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * What a wallet knows of a channel once it is open, seen from the wallet ("local") guarding against
 * its counterparty ("remote") publishing a revoked commitment.
 *
 * @param type            the commitment format both sides agreed on
 * @param fundingOutpoint the funding output every commitment spends
 * @param localIsOpener   whether the wallet opened (funded) the channel; it orders the basepoints of
 *                        the commitment-number obscuring factor
 * @param remoteToSelfDelay the {@code to_self_delay} the wallet imposed on the counterparty (sent in
 *                        the wallet's open/accept message), i.e. the CSV of the counterparty's to_local
 * @param local           the wallet's basepoints
 * @param remote          the counterparty's basepoints
 */
public record ChannelParameters(
        ChannelType type,
        OutPoint fundingOutpoint,
        boolean localIsOpener,
        int remoteToSelfDelay,
        ChannelBasepoints local,
        ChannelBasepoints remote) {
    public ChannelParameters {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fundingOutpoint, "fundingOutpoint");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        if (remoteToSelfDelay < 0 || remoteToSelfDelay > Bolt3Scripts.MAX_TO_SELF_DELAY) {
            throw new IllegalArgumentException("to_self_delay is a u16, got " + remoteToSelfDelay);
        }
    }

    /**
     * The keys of the counterparty's commitment for {@code perCommitmentPoint}: the revocation key
     * combines the wallet's revocation basepoint with the counterparty's point (BOLT 3 "Key
     * Derivation"), so only the wallet can sign with it once the point's secret is revealed.
     */
    public CommitmentKeys remoteCommitmentKeys(PublicKey perCommitmentPoint) {
        return CommitmentKeys.derive(perCommitmentPoint, local.revocationBasepoint(),
                remote.delayedPaymentBasepoint(), remote.htlcBasepoint(), local.htlcBasepoint());
    }

    /**
     * The to_local witness script of the counterparty's commitment for {@code perCommitmentPoint}; also
     * the output script of its second-stage HTLC transactions (BOLT 3).
     */
    public Bytes remoteToLocalScript(PublicKey perCommitmentPoint) {
        return Bolt3Scripts.toLocal(remoteCommitmentKeys(perCommitmentPoint), remoteToSelfDelay);
    }

    /** The commitment-number obscuring factor: SHA256(opener payment_basepoint || accepter's). */
    public long obscuringFactor() {
        return localIsOpener
                ? CommitmentNumbers.obscuringFactor(local.paymentBasepoint(), remote.paymentBasepoint())
                : CommitmentNumbers.obscuringFactor(remote.paymentBasepoint(), local.paymentBasepoint());
    }
}
