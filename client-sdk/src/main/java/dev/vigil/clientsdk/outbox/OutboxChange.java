package dev.vigil.clientsdk.outbox;

import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import java.util.Objects;

/**
 * One change to the SDK's durable state. The SDK stores the changes of a call together (one record,
 * one fsync) before it applies them in memory ({@link OutboxState#apply}), and a reopened outbox
 * replays them in order, so the state after a crash is the state after the last call that returned.
 */
public sealed interface OutboxChange {
    /** {@code tower} signed a subscription (a registration or a top-up). */
    record SubscriptionSigned(TowerId tower, Subscription subscription) implements OutboxChange {
        public SubscriptionSigned {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** {@code misbehaviour.tower()} is no longer trusted. */
    record MisbehaviourFound(Misbehaviour misbehaviour) implements OutboxChange {
        public MisbehaviourFound {
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }
    }

    /** An appointment joins its tower's outbox, replacing one with the same locator there. */
    record Queued(PendingAppointment appointment) implements OutboxChange {
        public Queued {
            Objects.requireNonNull(appointment, "appointment");
        }
    }

    /** The tower's receipt verified: the appointment leaves the outbox, the receipt is kept as proof. */
    record Accepted(ReceiptProof receipt) implements OutboxChange {
        public Accepted {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The tower refused the appointment for good: kept, reported, not sent again. */
    record Rejected(TowerId tower, Locator locator, String reason) implements OutboxChange {
        public Rejected {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The wallet discarded the appointments {@code tower} refused. */
    record RejectedPurged(TowerId tower) implements OutboxChange {
        public RejectedPurged {
            Objects.requireNonNull(tower, "tower");
        }
    }

    /**
     * {@code tower} failed {@code failures} times in a row and may be contacted again from
     * {@code notBeforeMillis}; {@code (0, 0)} once it answers again. Kept so that a restarted wallet
     * does not hammer a tower that is down.
     */
    record BackedOff(TowerId tower, int failures, long notBeforeMillis) implements OutboxChange {
        public BackedOff {
            Objects.requireNonNull(tower, "tower");
            if (failures < 0 || notBeforeMillis < 0) {
                throw new IllegalArgumentException("negative backoff: " + failures + ", " + notBeforeMillis);
            }
        }
    }

    /**
     * The wallet has handled {@code tower}'s events up to {@code cursor} (docs/monitoring.md 2.3, 6.1):
     * pulls start after it. Cursors only move forward; the SDK never stores a lower one.
     */
    record CursorAcknowledged(TowerId tower, long cursor) implements OutboxChange {
        public CursorAcknowledged {
            Objects.requireNonNull(tower, "tower");
            if (cursor < 0) {
                throw new IllegalArgumentException("a cursor is unsigned: " + cursor);
            }
        }
    }

    /** A channel was registered (or its sweep policy changed, or it was closed, or a state revoked). */
    record ChannelUpdated(ChannelRecord channel) implements OutboxChange {
        public ChannelUpdated {
            Objects.requireNonNull(channel, "channel");
        }
    }
}
