package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One breach the tower is answering: the revoked commitment seen on chain (the dispute), the justice
 * transaction decrypted from the user's blob (the penalty), and where the penalty stands. Owned by
 * the responder from the moment of the breach until the penalty is irrevocable.
 *
 * @param disputeHeight the height of the block holding the dispute, or -1 if it is not (or no
 *     longer, after a reorg) in the active chain
 * @param slots the slots the appointment was charged, refunded when the penalty is irrevocable
 * @param toSelfDelay the appointment's {@code to_self_delay} (signed by the user): the dispute's
 *     {@code to_local} can be swept by the cheater {@code toSelfDelay} blocks after the dispute, so
 *     that is the penalty's deadline (docs/monitoring.md 2.5); 0 for a tracker stored before the
 *     deadline watch existed (no deadline is watched)
 * @param deadlineWarned whether {@code deadline_at_risk} was announced for this confirmation of the dispute
 * @param announced the cursors of the retractable events announced for this tracker, to name them
 *     when a reorg takes them back
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
        Status status,
        long toSelfDelay,
        boolean deadlineWarned,
        Announced announced) {

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
        Uint32.check("toSelfDelay", toSelfDelay);
        Objects.requireNonNull(announced, "announced");
        if (!disputeTxid.locator().equals(locator)) {
            throw new IllegalArgumentException("the locator is not the dispute txid's");
        }
    }

    /** A tracker without a deadline watch and with nothing announced (trackers stored before either existed). */
    public Tracker(AppointmentId id, UserId user, Locator locator, long slots, Txid disputeTxid, Bytes disputeTx,
            Txid penaltyTxid, Bytes penaltyTx, long disputeHeight, Status status) {
        this(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status, 0, false,
                Announced.NONE);
    }

    public boolean disputeConfirmed() {
        return disputeHeight >= 0;
    }

    public Tracker withStatus(Status s) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, s,
                toSelfDelay, deadlineWarned, announced);
    }

    public Tracker withDisputeHeight(long h) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, h, status,
                toSelfDelay, deadlineWarned, announced);
    }

    public Tracker withToSelfDelay(long delay) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status,
                delay, deadlineWarned, announced);
    }

    public Tracker withDeadlineWarned(boolean warned) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status,
                toSelfDelay, warned, announced);
    }

    public Tracker withAnnounced(Announced a) {
        return new Tracker(id, user, locator, slots, disputeTxid, disputeTx, penaltyTxid, penaltyTx, disputeHeight, status,
                toSelfDelay, deadlineWarned, a);
    }

    /**
     * The height from which the cheater can sweep the dispute's {@code to_local} (BIP68 relative lock of
     * {@code to_self_delay} blocks, BOLT 3 "to_local Output"), or -1 when unknown: the dispute is not in
     * the chain, or the tracker has no {@code to_self_delay}.
     */
    public long deadlineHeight() {
        return disputeConfirmed() && toSelfDelay > 0 ? disputeHeight + toSelfDelay : -1;
    }

    /**
     * The cursors of a tracker's retractable events in its user's log (docs/monitoring.md 2.1), 0 for
     * none: what a {@code retracted} event names when a reorg takes one back.
     */
    public record Announced(long breachSeen, long justiceConfirmed, long justiceFailed) {
        public static final Announced NONE = new Announced(0, 0, 0);

        public Announced {
            if (breachSeen < 0 || justiceConfirmed < 0 || justiceFailed < 0) {
                throw new IllegalArgumentException("cursors are positive, or 0 for none");
            }
        }

        public Announced withBreachSeen(long cursor) {
            return new Announced(cursor, justiceConfirmed, justiceFailed);
        }

        public Announced withJusticeConfirmed(long cursor) {
            return new Announced(breachSeen, cursor, justiceFailed);
        }

        public Announced withJusticeFailed(long cursor) {
            return new Announced(breachSeen, justiceConfirmed, cursor);
        }
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
         *
         * @param sinceHeight the height of the block holding the other spend when it is known, else the
         *     tip when bitcoind said the penalty's inputs are missing
         * @param spend the other spend, when a block showed it; empty when only bitcoind's
         *     missing-inputs answer told (bitcoind keeps no index of spenders)
         */
        record SpentElsewhere(long sinceHeight, Optional<ForeignSpend> spend) implements Status {
            public SpentElsewhere {
                Uint32.check("sinceHeight", sinceHeight);
                Objects.requireNonNull(spend, "spend");
            }

            /** Learnt from a missing-inputs answer, the spender unknown. */
            public SpentElsewhere(long sinceHeight) {
                this(sinceHeight, Optional.empty());
            }
        }
    }

    /** A transaction other than the penalty that spends output {@code vout} of the dispute. */
    public record ForeignSpend(Txid spendingTxid, long vout) {
        public ForeignSpend {
            Objects.requireNonNull(spendingTxid, "spendingTxid");
            Uint32.check("vout", vout);
        }
    }
}
