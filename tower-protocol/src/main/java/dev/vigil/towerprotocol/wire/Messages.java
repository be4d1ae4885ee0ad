package dev.vigil.towerprotocol.wire;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bodies of the teos public API (rust-teos {@code teos-common/proto/common/teos/v2/*.proto} with
 * the serde attributes of {@code teos-common/build.rs}). {@link TeosJson} maps them to and from JSON.
 */
public final class Messages {
    private Messages() {}

    /** {@code POST /register}: {@code {"user_id": hex33}}. Unsigned, as in teos. */
    public record RegisterRequest(UserId userId) {
        public RegisterRequest {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * The answer to {@code register}: the subscription and the tower's signature over its
     * {@link RegistrationReceipt} ({@code subscription_signature}).
     */
    public record RegisterResponse(RegistrationReceipt receipt, String subscriptionSignature) {
        public RegisterResponse {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(subscriptionSignature, "subscriptionSignature");
        }
    }

    /** {@code POST /add_appointment}: the appointment and the user's zbase32 signature over it. */
    public record AddAppointmentRequest(Appointment appointment, String signature) {
        public AddAppointmentRequest {
            Objects.requireNonNull(appointment, "appointment");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * The answer to {@code add_appointment}: the tower's signature over the
     * {@link AppointmentReceipt} (user signature, start block) and the subscription after the charge.
     */
    public record AddAppointmentResponse(
            Locator locator, long startBlock, String signature, long availableSlots, long subscriptionExpiry) {
        public AddAppointmentResponse {
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(signature, "signature");
            Uint32.check("start_block", startBlock);
            Uint32.check("available_slots", availableSlots);
            Uint32.check("subscription_expiry", subscriptionExpiry);
        }
    }

    /** {@code POST /get_appointment}: signed {@code "get appointment <locator hex>"}. */
    public record GetAppointmentRequest(Locator locator, String signature) {
        public GetAppointmentRequest {
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * The answer to {@code get_appointment}. rust-teos answers an unknown appointment with a 404
     * {@code APPOINTMENT_NOT_FOUND} error rather than a body, so there is no "not found" variant here;
     * the status-only form other towers use is {@link GetAppointmentNotFound}.
     */
    public sealed interface GetAppointmentResponse {
        /** {@code "status": "being_watched"}: the appointment as the user sent it. */
        record BeingWatched(Appointment appointment) implements GetAppointmentResponse {
            public BeingWatched {
                Objects.requireNonNull(appointment, "appointment");
            }
        }

        /** {@code "status": "dispute_responded"}: the breach was seen and the penalty sent. */
        record DisputeResponded(Txid disputeTxid, Txid penaltyTxid, Bytes penaltyRawTx) implements GetAppointmentResponse {
            public DisputeResponded {
                Objects.requireNonNull(disputeTxid, "disputeTxid");
                Objects.requireNonNull(penaltyTxid, "penaltyTxid");
                Objects.requireNonNull(penaltyRawTx, "penaltyRawTx");
            }
        }
    }

    /**
     * A {@code get_appointment} answer that says by its {@code "status": "not_found"} that the tower
     * holds no such appointment, and the locator it names, if it names one. python-teos answers an
     * unknown (or unreadable, or not this user's) locator so, with HTTP 404
     * ({@code {"locator": "<hex>", "status": "not_found"}}, python-teos {@code teos/api.py}
     * {@code get_appointment}); rust-teos's response schema can carry the same status with HTTP 200
     * (its status 0 is written {@code "not_found"}, teos-common {@code src/ser.rs} {@code serde_status}),
     * although its handler answers with the 404 error instead.
     */
    public record GetAppointmentNotFound(Optional<Locator> locator) {
        public GetAppointmentNotFound {
            Objects.requireNonNull(locator, "locator");
        }
    }

    /** {@code POST /get_subscription_info}: signed {@code "get subscription info"}. */
    public record GetSubscriptionInfoRequest(String signature) {
        public GetSubscriptionInfoRequest {
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** The answer to {@code get_subscription_info}, with the locators of the user's appointments. */
    public record GetSubscriptionInfoResponse(long availableSlots, long subscriptionExpiry, List<Locator> locators) {
        public GetSubscriptionInfoResponse {
            Uint32.check("available_slots", availableSlots);
            Uint32.check("subscription_expiry", subscriptionExpiry);
            // An unmodifiable null-free copy, as List.copyOf makes (not in Android API 26).
            List<Locator> copy = new ArrayList<>(locators);
            copy.forEach(l -> Objects.requireNonNull(l, "locator"));
            locators = Collections.unmodifiableList(copy);
        }
    }
}
