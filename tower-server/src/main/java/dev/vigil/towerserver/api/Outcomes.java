package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.api.TowerService.Accepted;
import dev.vigil.towerserver.api.TowerService.AddOutcome;
import dev.vigil.towerserver.api.TowerService.AlreadyTriggered;
import dev.vigil.towerserver.api.TowerService.Found;
import dev.vigil.towerserver.api.TowerService.GetOutcome;
import dev.vigil.towerserver.api.TowerService.NotEnoughSlots;
import dev.vigil.towerserver.api.TowerService.NotFound;
import dev.vigil.towerserver.api.TowerService.RegisterOutcome;
import dev.vigil.towerserver.api.TowerService.Registered;
import dev.vigil.towerserver.api.TowerService.SlotsExhausted;
import dev.vigil.towerserver.api.TowerService.Subscription;
import dev.vigil.towerserver.api.TowerService.SubscriptionExpired;
import dev.vigil.towerserver.api.TowerService.SubscriptionOutcome;
import dev.vigil.towerserver.api.TowerService.Unavailable;
import dev.vigil.towerserver.api.TowerService.UnknownUser;

/**
 * The one place where the tower's outcomes become HTTP answers: status, and for failures teos's
 * {@code error_code} and message (rust-teos {@code api/internal.rs} wording, so clients and logs
 * written for teos read the same).
 */
public final class Outcomes {
    private Outcomes() {}

    /** A status and a JSON body. */
    public record Answer(int status, String json) {}

    public static Answer error(ApiError e) {
        return new Answer(e.httpStatus(), TeosJson.toJson(e));
    }

    public static Answer of(RegisterOutcome o) {
        if (o instanceof Registered r) {
            return new Answer(200, TeosJson.toJson(r.response()));
        }
        if (o instanceof SlotsExhausted) {
            return error(new ApiError(ErrorCode.REGISTRATION_RESOURCE_EXHAUSTED, "Subscription maximum slots count reached"));
        }
        return unavailable();
    }

    public static Answer of(AddOutcome o) {
        if (o instanceof Accepted a) {
            return new Answer(200, TeosJson.toJson(a.response()));
        }
        if (o instanceof NotEnoughSlots || o instanceof UnknownUser) {
            // teos answers both the same way, so a stranger learns nothing about who is registered.
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR,
                    "Invalid signature or user does not have enough slots available"));
        }
        if (o instanceof AlreadyTriggered) {
            return error(new ApiError(ErrorCode.APPOINTMENT_ALREADY_TRIGGERED, "The provided appointment has already been triggered"));
        }
        return refusal((TowerService.Refusal) o);
    }

    public static Answer of(GetOutcome o) {
        if (o instanceof Found f) {
            return new Answer(200, TeosJson.toJson(f.response()));
        }
        if (o instanceof NotFound) {
            return error(new ApiError(ErrorCode.APPOINTMENT_NOT_FOUND, "Appointment not found"));
        }
        if (o instanceof UnknownUser) {
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User cannot be authenticated"));
        }
        return refusal((TowerService.Refusal) o);
    }

    public static Answer of(SubscriptionOutcome o) {
        if (o instanceof Subscription s) {
            return new Answer(200, TeosJson.toJson(s.response()));
        }
        if (o instanceof UnknownUser) {
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User not found. Have you registered?"));
        }
        return refusal((TowerService.Refusal) o);
    }

    private static Answer refusal(TowerService.Refusal r) {
        if (r instanceof SubscriptionExpired e) {
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Your subscription expired at " + e.expiry()));
        }
        if (r instanceof UnknownUser) {
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User cannot be authenticated"));
        }
        return unavailable();
    }

    public static Answer unavailable() {
        return error(new ApiError(ErrorCode.SERVICE_UNAVAILABLE, "Service currently unavailable"));
    }

    /** A bug or an I/O failure behind the service: nothing was promised. */
    public static Answer unexpected() {
        return error(new ApiError(ErrorCode.UNEXPECTED_ERROR, "Unexpected error; nothing was stored. Try again."));
    }

    public static Answer payloadTooLarge(long limit) {
        return new Answer(413, TeosJson.toJson(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT,
                "Request payload is too large (limit " + limit + " bytes for this endpoint)")));
    }
}
