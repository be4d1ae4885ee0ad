package dev.vigil.towerprotocol.signing;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import java.nio.charset.StandardCharsets;

/**
 * The exact bytes a user signs for each authenticated request (rust-teos {@code teos/src/watcher.rs}
 * and {@code Appointment::to_vec}). The tower recovers the user id from the signature over these.
 */
public final class UserRequests {
    private UserRequests() {}

    /** {@code add_appointment}: {@code locator || encrypted_blob || to_self_delay (u32 BE)}. */
    public static byte[] addAppointment(Appointment appointment) {
        return appointment.serializeForSigning();
    }

    /** {@code get_appointment}: the UTF-8 text {@code "get appointment <locator hex>"}. */
    public static byte[] getAppointment(Locator locator) {
        return ("get appointment " + locator.toHex()).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code get_subscription_info}: the UTF-8 text {@code "get subscription info"}. */
    public static byte[] getSubscriptionInfo() {
        return "get subscription info".getBytes(StandardCharsets.UTF_8);
    }
}
