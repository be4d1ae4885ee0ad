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
     * The tower does not know it. If it had signed a receipt for it, that is misbehaviour, and
     * {@code misbehaviour} holds the receipt as proof.
     */
    record NotFound(Optional<Misbehaviour> misbehaviour) implements AppointmentLookup {
        public NotFound {
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }
    }

    /** No usable answer (unreachable, an error, or not teos JSON). */
    record Failed(String reason) implements AppointmentLookup {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
