package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;

/**
 * teos's appointment UUID: {@code RIPEMD160(locator || user_id)}, plain RIPEMD-160, not HASH160
 * (rust-teos {@code teos/src/extended_appointment.rs}). One user has at most one appointment per
 * locator; sending the same locator again updates it.
 */
public record AppointmentId(Bytes value) {
    public static final int LENGTH = 20;

    public AppointmentId {
        Bytes.requireLength(value, LENGTH, "an appointment id");
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
