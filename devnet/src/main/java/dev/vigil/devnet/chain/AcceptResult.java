package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Transaction;
import java.util.Objects;

/** The outcome of offering a transaction to the mempool ({@code MempoolAcceptResult}). */
public sealed interface AcceptResult {
    /** Valid: accepted (or, in a test, would be) with its fee and virtual size. */
    record Accepted(Transaction tx, long feeSat, int vsize) implements AcceptResult {
        public Accepted {
            Objects.requireNonNull(tx, "tx");
            if (vsize <= 0) {
                throw new IllegalArgumentException("vsize must be positive");
            }
        }
    }

    /** The exact transaction (same wtxid) is already in the mempool ({@code txn-already-in-mempool}). */
    record AlreadyInMempool(Transaction tx) implements AcceptResult {
        public AlreadyInMempool {
            Objects.requireNonNull(tx, "tx");
        }
    }

    /** Refused, with bitcoind's reason. */
    record Rejected(Transaction tx, TxRejection rejection) implements AcceptResult {
        public Rejected {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
