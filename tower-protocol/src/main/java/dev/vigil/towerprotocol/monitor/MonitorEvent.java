package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One durable fact of a user's log (docs/monitoring.md 2), without its signature: one record per type
 * of 2.1, each with the fields every event has ({@link Head}) and its own in the order of 2.4.
 * {@link EventCodec} turns one into its signed bytes "C" and back; {@link EventSignature} signs C.
 *
 * <p>Cursors are u64 on the wire; they are held as non-negative {@code long}s (2^63 events is beyond
 * any log). Heights, counts and slots are u32.
 */
public sealed interface MonitorEvent {
    /** The event format version, {@code v}. */
    int VERSION = 1;

    /** The fields every event has (2.2). */
    Head head();

    /** The event's {@code type}. */
    EventType type();

    /**
     * {@code cursor}, {@code id}, {@code user_id}, {@code height} and {@code block_hash} (display order
     * in JSON): where in the user's log and on the tower's chain the fact sits.
     */
    record Head(long cursor, EventId id, UserId userId, long height, BlockHash blockHash) {
        public Head {
            requireCursor("cursor", cursor);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(userId, "userId");
            Uint32.check("height", height);
            Objects.requireNonNull(blockHash, "blockHash");
        }
    }

    /** The appointment a justice event is about: {@code locator}, {@code dispute_txid}, {@code penalty_txid}. */
    record Justice(Locator locator, Txid disputeTxid, Txid penaltyTxid) {
        public Justice {
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(disputeTxid, "disputeTxid");
            Objects.requireNonNull(penaltyTxid, "penaltyTxid");
        }
    }

    /** The locktime and the spending input's sequence of a commitment-shaped close (both tagged). */
    record CommitmentTags(long lockTime, long sequence) {
        public CommitmentTags {
            Uint32.check("locktime", lockTime);
            Uint32.check("sequence", sequence);
            if (!CommitmentShape.isTagged(lockTime, sequence)) {
                throw new IllegalArgumentException("locktime and sequence do not carry the commitment tags 0x20 / 0x80");
            }
        }

        /** {@code obscured_commitment_number}. */
        public long obscuredNumber() {
            return CommitmentShape.obscuredNumber(lockTime, sequence);
        }
    }

    /**
     * {@code funding_spent}: a block spends the watched funding outpoint. {@code tags} is present exactly
     * for a {@code unilateral} close; {@code tx} (the whole spending transaction, with witness) is absent
     * when it is over {@link #MAX_TX_BYTES} ({@code "tx_omitted":true}).
     */
    record FundingSpent(Head head, WatchId watchId, WatchKind kind, Outpoint outpoint, Txid txid, long input,
            CloseKind close, Optional<CommitmentTags> tags, Optional<Bytes> tx) implements MonitorEvent {
        public static final int MAX_TX_BYTES = 65_536;

        public FundingSpent {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(watchId, "watchId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(outpoint, "outpoint");
            Objects.requireNonNull(txid, "txid");
            Uint32.check("input", input);
            Objects.requireNonNull(close, "close");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(tx, "tx");
            if (tags.isPresent() != (close == CloseKind.UNILATERAL)) {
                throw new IllegalArgumentException("locktime, sequence and obscured number come with a unilateral close, and only with it");
            }
            if (tx.isPresent() && (tx.get().isEmpty() || tx.get().length() > MAX_TX_BYTES)) {
                throw new IllegalArgumentException("tx is 1 to " + MAX_TX_BYTES + " bytes, got " + tx.get().length());
            }
        }

        @Override
        public EventType type() {
            return EventType.FUNDING_SPENT;
        }
    }

    /** {@code breach_seen}: a block holds a dispute of one of the user's appointments; {@code deadline_height = height + to_self_delay} (2.5). */
    record BreachSeen(Head head, Justice justice, long toSelfDelay, long deadlineHeight) implements MonitorEvent {
        public BreachSeen {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
            Uint32.check("to_self_delay", toSelfDelay);
            Uint32.check("deadline_height", deadlineHeight);
        }

        @Override
        public EventType type() {
            return EventType.BREACH_SEEN;
        }
    }

    /** {@code justice_broadcast}: the tower first handed the penalty to bitcoind. */
    record JusticeBroadcast(Head head, Justice justice) implements MonitorEvent {
        public JusticeBroadcast {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_BROADCAST;
        }
    }

    /** {@code justice_in_mempool}: bitcoind accepted the penalty. */
    record JusticeInMempool(Head head, Justice justice) implements MonitorEvent {
        public JusticeInMempool {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_IN_MEMPOOL;
        }
    }

    /** {@code justice_confirmed}: the penalty is in a block ({@code depth} 1 at {@code height}). */
    record JusticeConfirmed(Head head, Justice justice, long confirmedHeight, long depth) implements MonitorEvent {
        public JusticeConfirmed {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
            requireDepth(head, confirmedHeight, depth);
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_CONFIRMED;
        }
    }

    /** {@code justice_depth}: the penalty reached one of the reported depths. */
    record JusticeDepth(Head head, Justice justice, long confirmedHeight, long depth) implements MonitorEvent {
        public JusticeDepth {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
            requireDepth(head, confirmedHeight, depth);
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_DEPTH;
        }
    }

    /** {@code justice_irrevocable}: the penalty is irrevocably deep; the tracker is forgotten and its slots refunded. */
    record JusticeIrrevocable(Head head, Justice justice, long confirmedHeight, long depth, long refundedSlots) implements MonitorEvent {
        public JusticeIrrevocable {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
            requireDepth(head, confirmedHeight, depth);
            Uint32.check("refunded_slots", refundedSlots);
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_IRREVOCABLE;
        }
    }

    /** Why a penalty failed: the JSON {@code reason}. */
    enum FailureReason {
        /** A transaction other than the penalty spends an output of the dispute the penalty spends. */
        INPUTS_SPENT("inputs_spent"),
        /** bitcoind rejected the penalty as invalid. */
        REJECTED("rejected");

        private final String wireName;

        FailureReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The transaction that spent a dispute's output ahead of the penalty, and the output it spent. */
    record ForeignSpend(Txid spendingTxid, Outpoint spentOutpoint) {
        public ForeignSpend {
            Objects.requireNonNull(spendingTxid, "spendingTxid");
            Objects.requireNonNull(spentOutpoint, "spentOutpoint");
        }
    }

    /**
     * {@code justice_failed}. For {@code inputs_spent}, {@code spend} is the foreign spend when the tower
     * found it, or empty when it could not (a late appointment whose spender is older than the recent
     * blocks: {@code "spending_txid_unknown":true}, 4.3); for {@code rejected} it is always empty.
     */
    record JusticeFailed(Head head, FailureReason reason, Justice justice, Optional<ForeignSpend> spend) implements MonitorEvent {
        public JusticeFailed {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(justice, "justice");
            Objects.requireNonNull(spend, "spend");
            if (reason == FailureReason.REJECTED && spend.isPresent()) {
                throw new IllegalArgumentException("a rejected penalty has no foreign spend");
            }
        }

        @Override
        public EventType type() {
            return EventType.JUSTICE_FAILED;
        }
    }

    /** The penalty's state when its deadline came near: the JSON {@code penalty_state}. */
    enum PenaltyState {
        UNSENT("unsent"),
        IN_MEMPOOL("in_mempool");

        private final String wireName;

        PenaltyState(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** {@code deadline_at_risk}: the penalty is not confirmed {@code blocks_left} blocks before the to_local deadline (2.5). */
    record DeadlineAtRisk(Head head, Justice justice, long deadlineHeight, long blocksLeft, PenaltyState penaltyState) implements MonitorEvent {
        public DeadlineAtRisk {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(justice, "justice");
            Uint32.check("deadline_height", deadlineHeight);
            Uint32.check("blocks_left", blocksLeft);
            Objects.requireNonNull(penaltyState, "penaltyState");
        }

        @Override
        public EventType type() {
            return EventType.DEADLINE_AT_RISK;
        }
    }

    /** {@code retracted}: the block at {@code height} that held what event {@code retracts} announced left the chain. */
    record Retracted(Head head, EventId retracts, long retractsCursor, EventType retractedType) implements MonitorEvent {
        public Retracted {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(retracts, "retracts");
            requireCursor("retracts_cursor", retractsCursor);
            Objects.requireNonNull(retractedType, "retractedType");
            if (!retractedType.retractable()) {
                throw new IllegalArgumentException(retractedType.wireName() + " events are never retracted");
            }
            if (retractsCursor >= head.cursor()) {
                throw new IllegalArgumentException("a retraction follows the event it takes back");
            }
        }

        @Override
        public EventType type() {
            return EventType.RETRACTED;
        }
    }

    /** {@code slots_low}: the user's available slots dropped below the threshold. */
    record SlotsLow(Head head, long availableSlots, long threshold) implements MonitorEvent {
        public SlotsLow {
            Objects.requireNonNull(head, "head");
            Uint32.check("available_slots", availableSlots);
            Uint32.check("threshold", threshold);
        }

        @Override
        public EventType type() {
            return EventType.SLOTS_LOW;
        }
    }

    /** {@code subscription_expiring}: {@code blocks_left} blocks to the subscription's expiry. */
    record SubscriptionExpiring(Head head, long subscriptionExpiry, long blocksLeft) implements MonitorEvent {
        public SubscriptionExpiring {
            Objects.requireNonNull(head, "head");
            Uint32.check("subscription_expiry", subscriptionExpiry);
            Uint32.check("blocks_left", blocksLeft);
        }

        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_EXPIRING;
        }
    }

    /** {@code subscription_expired}: the user, its log and its watches are deleted at {@code deleted_at}. */
    record SubscriptionExpired(Head head, long subscriptionExpiry, long deletedAt) implements MonitorEvent {
        public SubscriptionExpired {
            Objects.requireNonNull(head, "head");
            Uint32.check("subscription_expiry", subscriptionExpiry);
            Uint32.check("deleted_at", deletedAt);
        }

        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_EXPIRED;
        }
    }

    /** {@code webhook_gave_up}: the courier stopped trying the events from {@code from_cursor} through {@code through_cursor}. */
    record WebhookGaveUp(Head head, long fromCursor, long throughCursor, long attempts, long firstAttemptMs, int lastStatus)
            implements MonitorEvent {
        public WebhookGaveUp {
            Objects.requireNonNull(head, "head");
            requireCursor("from_cursor", fromCursor);
            requireCursor("through_cursor", throughCursor);
            if (throughCursor < fromCursor) {
                throw new IllegalArgumentException("through_cursor before from_cursor");
            }
            Uint32.check("attempts", attempts);
            if (firstAttemptMs < 0) {
                throw new IllegalArgumentException("first_attempt_ms is a wall-clock time, got " + firstAttemptMs);
            }
            if (lastStatus != 0 && (lastStatus < 100 || lastStatus > 599)) {
                throw new IllegalArgumentException("last_status is an HTTP status or 0, got " + lastStatus);
            }
        }

        @Override
        public EventType type() {
            return EventType.WEBHOOK_GAVE_UP;
        }
    }

    private static void requireCursor(String field, long cursor) {
        if (cursor < 1) {
            throw new IllegalArgumentException(field + " is a cursor (1 for a user's first event), got " + cursor);
        }
    }

    private static void requireDepth(Head head, long confirmedHeight, long depth) {
        Uint32.check("confirmed_height", confirmedHeight);
        if (depth != head.height() - confirmedHeight + 1) {
            throw new IllegalArgumentException("depth is height - confirmed_height + 1 = "
                    + (head.height() - confirmedHeight + 1) + ", got " + depth);
        }
    }
}
