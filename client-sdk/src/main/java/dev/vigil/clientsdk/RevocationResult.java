package dev.vigil.clientsdk;

import dev.vigil.justicetxbuilder.justice.JusticeTx;
import java.util.Objects;

/** What {@link TowerClient#onRevokedCommitment} did with a revoked commitment. */
public sealed interface RevocationResult {
    /** Justice was built and signed; {@code enqueued} says which towers' outboxes hold it. */
    record Built(JusticeTx justice, EnqueueResult enqueued) implements RevocationResult {
        public Built {
            Objects.requireNonNull(justice, "justice");
            Objects.requireNonNull(enqueued, "enqueued");
        }
    }

    /**
     * Nothing worth an appointment: the counterparty had nothing at stake in this state, or what it
     * had is below dust at the sweep's feerate ({@code reason} says which). Nothing was stored.
     */
    record NothingToWatch(String reason) implements RevocationResult {
        public NothingToWatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The transaction is not a commitment of this channel: refused, nothing was stored. */
    record NotThisChannel(String reason) implements RevocationResult {
        public NotThisChannel {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The justice needs more than one transaction (the sweep's weight limit): a tower holds one
     * appointment per commitment txid, so this is refused rather than half-watched; nothing was
     * stored. Raise the sweep's weight limit.
     */
    record NeedsSeveralTransactions(int transactions) implements RevocationResult {
        public NeedsSeveralTransactions {
            if (transactions < 2) {
                throw new IllegalArgumentException("several means at least 2: " + transactions);
            }
        }
    }
}
