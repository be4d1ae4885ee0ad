package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * teos's appointment UUID: {@code RIPEMD160(locator || user_id)}, plain RIPEMD-160, not HASH160
 * (rust-teos {@code teos/src/extended_appointment.rs}). One user has at most one appointment per
 * locator; sending the same locator again updates it.
 */
public record AppointmentId(Bytes value) {
    public static final int LENGTH = 20;

    public AppointmentId {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
            throw new IllegalArgumentException("an appointment id is 20 bytes, got " + value.length());
        }
    }

    public static AppointmentId of(Locator locator, UserId user) {
        byte[] data = locator.value().concat(user.key().compressed()).toArray();
        return new AppointmentId(Bytes.of(Hashes.ripemd160(data)));
    }

    public String toHex() {
        return value.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
