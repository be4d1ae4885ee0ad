package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import java.util.Objects;

/** What registering with one tower came to. */
public sealed interface RegistrationResult {
    TowerId tower();

    /** The tower signed a receipt for our user id that recovers to its tower id; the subscription is kept. */
    record Registered(TowerId tower, Subscription subscription) implements RegistrationResult {
        public Registered {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** The tower answered with an error (or an answer that is not teos JSON): {@code detail} says which. */
    record Rejected(TowerId tower, int httpStatus, String detail) implements RegistrationResult {
        public Rejected {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** No answer, or a 503: tried again by a later {@code flush()} after the tower's backoff. */
    record RetryLater(TowerId tower, long notBeforeMillis, String reason) implements RegistrationResult {
        public RetryLater {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The tower is (now or already) marked misbehaving: nothing was sent, or its receipt did not verify. */
    record Misbehaving(Misbehaviour misbehaviour) implements RegistrationResult {
        public Misbehaving {
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }

        @Override
        public TowerId tower() {
            return misbehaviour.tower();
        }
    }
}
