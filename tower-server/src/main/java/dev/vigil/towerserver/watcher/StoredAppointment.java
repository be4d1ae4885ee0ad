package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import java.util.Objects;

/**
 * An accepted appointment as the tower keeps it: what the user sent, the user's signature (the
 * tower's receipt commits to it, and it proves the request), the block from which the tower watches,
 * and the slots it was charged (refunded exactly, whatever the slot size is later configured to).
 */
public record StoredAppointment(UserId user, Appointment appointment, String userSignature, long startBlock, long slots) {
    public StoredAppointment {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(userSignature, "userSignature");
        Uint32.check("start_block", startBlock);
        Uint32.check("slots", slots);
    }

    /** teos's UUID: one appointment per (locator, user); a second one on the same locator replaces it. */
    public AppointmentId id() {
        return AppointmentId.of(appointment.locator(), user);
    }
}
