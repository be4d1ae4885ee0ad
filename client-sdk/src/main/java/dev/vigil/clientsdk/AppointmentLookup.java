package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import java.util.Objects;
import java.util.Optional;

/** What a tower says of one of our appointments ({@code get_appointment}). */
public sealed interface AppointmentLookup {
    /** Being watched, or already answered with a penalty. */
    record Found(GetAppointmentResponse response) implements AppointmentLookup {
        public Found {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The tower says it does not hold it, in one of the forms teos towers use (rust-teos and Vigil: 404
     * with error code 36 {@code APPOINTMENT_NOT_FOUND}; python-teos: 404
     * {@code {"locator": ..., "status": "not_found"}}; a 200 with {@code "status": "not_found"}). If
     * it had signed a receipt for it, that is misbehaviour, and {@code misbehaviour} holds the receipt
     * as proof.
     */
    record NotFound(Optional<Misbehaviour> misbehaviour) implements AppointmentLookup {
        public NotFound {
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }
    }

    /** No usable answer (unreachable, an error, or not teos JSON: an HTML or empty 404 among them). */
    record Failed(String reason) implements AppointmentLookup {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
