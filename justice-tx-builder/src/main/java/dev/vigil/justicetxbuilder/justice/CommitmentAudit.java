package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import java.util.List;
import java.util.Objects;

/**
 * Whether a revoked counterparty commitment, its per-commitment secret and its HTLC list fit
 * together (see {@link JusticeTxBuilder#audit}): what a wallet hands over is checked before any
 * justice built from it is stored or given to a tower.
 */
public sealed interface CommitmentAudit
        permits CommitmentAudit.Consistent, CommitmentAudit.SecretMismatch, CommitmentAudit.HtlcMismatch, NotACommitment {

    /**
     * Every output is explained (to_local, to_remote, the anchors, one HTLC of the list each), and
     * every HTLC of the list without an output is one BOLT 3 "Trimmed Outputs" trims.
     *
     * @param located         the revoked outputs, as {@link JusticeTxBuilder#locate} finds them
     * @param secretConfirmed whether an output was derived from the secret's per-commitment point
     *                        (to_local, an HTLC, or LEGACY's to_remote). False only for a commitment
     *                        holding nothing but static outputs (the counterparty's balance and every
     *                        HTLC trimmed, STATIC_REMOTEKEY or ANCHORS): nothing in it depends on the
     *                        secret, so nothing could be at stake either
     */
    record Consistent(LocateResult.Located located, boolean secretConfirmed) implements CommitmentAudit {
        public Consistent {
            Objects.requireNonNull(located, "located");
        }
    }

    /**
     * The per-commitment secret does not fit: no output is derived from its point, while some output
     * is not one of the static ones (to_remote of STATIC_REMOTEKEY/ANCHORS, the anchors).
     */
    record SecretMismatch(String reason) implements CommitmentAudit {
        public SecretMismatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The secret fits, but the HTLC list does not.
     *
     * @param missing            HTLCs of the list with no output that BOLT 3 would not have trimmed at
     *                           the given feerate and dust limit
     * @param shouldBeTrimmed    HTLCs of the list that have an output although BOLT 3 would have
     *                           trimmed them: the feerate or dust limit given is not the commitment's
     * @param unexplainedOutputs indexes of outputs that nothing explains (an HTLC left out of the
     *                           list, or channel parameters that are not this commitment's)
     */
    record HtlcMismatch(List<Htlc> missing, List<Htlc> shouldBeTrimmed, List<Integer> unexplainedOutputs, String reason)
            implements CommitmentAudit {
        public HtlcMismatch {
            missing = Lists.copyOf(missing);
            shouldBeTrimmed = Lists.copyOf(shouldBeTrimmed);
            unexplainedOutputs = Lists.copyOf(unexplainedOutputs);
            Objects.requireNonNull(reason, "reason");
        }
    }
}
