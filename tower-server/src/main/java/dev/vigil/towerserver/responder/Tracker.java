package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * One breach the tower is answering: the revoked commitment seen on chain (the dispute), the justice
 * transaction decrypted from the user's blob (the penalty), and where the penalty stands. Owned by
 * the responder from the moment of the breach until the penalty is irrevocable.
 *
 * @param disputeHeight the height of the block holding the dispute, or -1 if it is not (or no
 *     longer, after a reorg) in the active chain
 * @param slots the slots the appointment was charged, refunded when the penalty is irrevocable
 */
public record Tracker(
        AppointmentId id,
        UserId user,
        Locator locator,
        long slots,
        Txid disputeTxid,
        Bytes disputeTx,
        Txid penaltyTxid,
        Bytes penaltyTx,
        long disputeHeight,
        Status status) {

    public Tracker {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(locator, "locator");
        Uint32.check("slots", slots);
        Objects.requireNonNull(disputeTxid, "disputeTxid");
        Objects.requireNonNull(disputeTx, "disputeTx");
        Objects.requireNonNull(penaltyTxid, "penaltyTxid");
        Objects.requireNonNull(penaltyTx, "penaltyTx");
        if (disputeHeight < -1) {
            throw new IllegalArgumentException("disputeHeight is a height or -1, got " + disputeHeight);
        }
        Objects.requireNonNull(status, "status");
        if (!disputeTxid.locator().equals(locator)) {
            throw new IllegalArgumentException("the locator is not the dispute txid's");
        }
    }

    public boolean disputeConfirmed() {
        return disputeHeight >= 0;
    }

    public Tracker withStatus(Status s) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, s);
    }

    public Tracker withDisputeHeight(long h) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, h, status);
    }

    /** Where the penalty stands. */
    public sealed interface Status {
        /** Not (known to be) in bitcoind's mempool: (re)sent at {@code sinceHeight}, answer pending or negative. */
        record Unsent(long sinceHeight, String lastAnswer) implements Status {
            public Unsent {
                Uint32.check("sinceHeight", sinceHeight);
                Objects.requireNonNull(lastAnswer, "lastAnswer");
            }
        }

        /** Accepted into the mempool at {@code sinceHeight}; last sent at {@code lastSentHeight}. */
        record InMempool(long sinceHeight, long lastSentHeight) implements Status {
            public InMempool {
                Uint32.check("sinceHeight", sinceHeight);
                Uint32.check("lastSentHeight", lastSentHeight);
            }
        }

        /** Mined at {@code height} (for an "already in the UTXO set" answer: the height it was learnt). */
        record Confirmed(long height) implements Status {
            public Confirmed {
                Uint32.check("height", height);
            }
        }

        /**
         * The dispute's outputs were spent by another transaction (a second-stage HTLC transaction, or
         * someone else's penalty). Kept until that is irrevocable in case a reorg undoes it.
         */
        record SpentElsewhere(long sinceHeight) implements Status {
            public SpentElsewhere {
                Uint32.check("sinceHeight", sinceHeight);
            }
        }
    }
}
