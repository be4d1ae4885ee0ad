package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import java.util.List;
import java.util.Objects;

/** The outcome of building justice for one revoked commitment (or second-stage output). */
public sealed interface JusticeResult
        permits JusticeResult.Built, JusticeResult.NothingToSweep, JusticeResult.BelowDust, JusticeResult.SignerFailed,
        NotACommitment {

    /**
     * Signed justice: usually one transaction; several when the revoked outputs would exceed the
     * weight limit in one.
     *
     * @param transactions  the justice transactions, spending disjoint sets of revoked outputs
     * @param absentHtlcs   HTLCs of the state that have no output (trimmed)
     * @param leftAsDust    revoked outputs left out because the transaction that would have swept
     *                      them pays less than the dust threshold after its fee (only when split)
     */
    record Built(List<JusticeTx> transactions, List<Htlc> absentHtlcs, List<RevokedOutput> leftAsDust)
            implements JusticeResult {
        public Built {
            transactions = Lists.copyOf(transactions);
            absentHtlcs = Lists.copyOf(absentHtlcs);
            leftAsDust = Lists.copyOf(leftAsDust);
            if (transactions.isEmpty()) {
                throw new IllegalArgumentException("Built needs at least one transaction");
            }
        }

        /** The single transaction, when there is exactly one. */
        public JusticeTx only() {
            if (transactions.size() != 1) {
                throw new IllegalStateException(transactions.size() + " transactions");
            }
            return transactions.get(0);
        }
    }

    /** No revoked output: the counterparty had nothing at stake, or the secret does not match. */
    record NothingToSweep(String reason) implements JusticeResult {
        public NothingToSweep {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The revoked value minus the fee would be below the sweep output's dust threshold. */
    record BelowDust(long inputSat, long feeSat, long dustThresholdSat) implements JusticeResult {}

    /**
     * The {@link RevocationSigner} threw, or answered with something that is not a strict-DER, low-S
     * signature valid under the revocation pubkey for the input's sighash. Nothing signed is
     * returned: a fee ladder whose signing fails on any rung is this on every rung (a ladder with a
     * gap, or a rung missing some of its inputs, would leave outputs unswept), and the signer is not
     * asked again after its first failure. Never returned with the in-memory signer of
     * {@link RevocationSigner#of}. Retrying is the caller's decision (the signer may be a device that
     * was unplugged).
     *
     * @param reason which input, and what was wrong with the answer or what the signer threw
     */
    record SignerFailed(String reason) implements JusticeResult {
        public SignerFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
