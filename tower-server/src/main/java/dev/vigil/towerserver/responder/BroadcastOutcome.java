package dev.vigil.towerserver.responder;

import java.util.Objects;

/**
 * What bitcoind said to a {@code sendrawtransaction}, classified by what the responder must do next
 * (reference/bitcoind-interface.md §2.1). The carrier maps RPC codes and messages onto these; the
 * responder never sees bitcoind's strings except as {@code detail} for the log.
 */
public sealed interface BroadcastOutcome {
    /** In the mempool now (accepted, or it already was: bitcoind answers the txid either way). */
    record Accepted() implements BroadcastOutcome {}

    /** -27 "Transaction outputs already in utxo set": confirmed, depth unknown. */
    record AlreadyConfirmed() implements BroadcastOutcome {}

    /** -25 bad-txns-inputs-missingorspent: a parent is unknown, or an input is already spent. */
    record MissingInputs(String detail) implements BroadcastOutcome {
        public MissingInputs {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Valid but not acceptable yet or not at this fee: non-final, non-BIP68-final, min relay or
     * mempool min fee not met, a conflicting mempool tx paying more. Retry at a later block.
     */
    record RetryLater(String detail) implements BroadcastOutcome {
        public RetryLater {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Can never be accepted: script failure, decode failure, non-standard. The blob was bad. */
    record Invalid(String detail) implements BroadcastOutcome {
        public Invalid {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** bitcoind did not answer (down, restarting, overloaded). Retry when it is back. */
    record Unreachable(String detail) implements BroadcastOutcome {
        public Unreachable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
