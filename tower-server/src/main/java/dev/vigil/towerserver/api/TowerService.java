package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoRequest;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoResponse;
import dev.vigil.towerprotocol.wire.Messages.RegisterResponse;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Port: what the HTTP API asks of the tower, one method per endpoint, each answering with a sealed
 * outcome. {@link Outcomes} is the one place that turns outcomes into HTTP statuses and teos error
 * codes.
 *
 * <p><b>Contract.</b> Never blocks the caller (an event loop): CPU work (signature recovery) and
 * storage happen elsewhere; stages may complete on any thread. A success outcome is returned only
 * after everything it promises is durable (a receipt is a promise). Stages never complete
 * exceptionally for expected situations; an exceptional stage is a bug or an I/O failure and is
 * answered as {@code UNEXPECTED_ERROR}.
 */
public interface TowerService {
    CompletionStage<RegisterOutcome> register(UserId user);

    CompletionStage<AddOutcome> addAppointment(AddAppointmentRequest request);

    CompletionStage<GetOutcome> getAppointment(GetAppointmentRequest request);

    CompletionStage<SubscriptionOutcome> getSubscriptionInfo(GetSubscriptionInfoRequest request);

    /** Outcomes every authenticated request may have. */
    sealed interface Refusal extends AddOutcome, GetOutcome, SubscriptionOutcome {}

    /** The signature recovers no registered user (or does not parse). */
    record UnknownUser() implements Refusal {}

    /** The user's subscription expired at {@code expiry}. */
    record SubscriptionExpired(long expiry) implements Refusal {}

    /** bitcoind is unreachable: the tower accepts nothing it could not act on (teos: 503). */
    record Unavailable() implements Refusal, RegisterOutcome {}

    sealed interface RegisterOutcome {}

    record Registered(RegisterResponse response) implements RegisterOutcome {
        public Registered {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Another top-up would overflow the slot count. */
    record SlotsExhausted() implements RegisterOutcome {}

    sealed interface AddOutcome {}

    record Accepted(AddAppointmentResponse response) implements AddOutcome {
        public Accepted {
            Objects.requireNonNull(response, "response");
        }
    }

    record NotEnoughSlots() implements AddOutcome {}

    /** The breach is already being answered: the appointment can no longer be changed. */
    record AlreadyTriggered() implements AddOutcome {}

    sealed interface GetOutcome {}

    record Found(GetAppointmentResponse response) implements GetOutcome {
        public Found {
            Objects.requireNonNull(response, "response");
        }
    }

    /** No appointment of this user on that locator (teos: 404, never another user's). */
    record NotFound() implements GetOutcome {}

    sealed interface SubscriptionOutcome {}

    record Subscription(GetSubscriptionInfoResponse response) implements SubscriptionOutcome {
        public Subscription {
            Objects.requireNonNull(response, "response");
        }
    }
}
