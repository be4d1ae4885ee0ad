package dev.vigil.towerprotocol;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * What a user asks the tower to watch: the locator of a revoked commitment, the justice transaction
 * encrypted under that commitment's txid, and the channel's {@code to_self_delay} (carried and
 * signed, as in teos, though teos never reads it).
 */
public record Appointment(Locator locator, Bytes encryptedBlob, long toSelfDelay) {
    public Appointment {
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(encryptedBlob, "encryptedBlob");
        Uint32.check("to_self_delay", toSelfDelay);
    }

    /**
     * The bytes the user signs for {@code add_appointment}:
     * {@code locator(16) || encrypted_blob || to_self_delay (u32 big-endian)} (rust-teos
     * {@code Appointment::to_vec}; to_self_delay is always present and u32, unlike the BOLT 13 draft).
     */
    public byte[] serializeForSigning() {
        byte[] out = new byte[Locator.LENGTH + encryptedBlob.length() + 4];
        locator.value().copyTo(out, 0);
        encryptedBlob.copyTo(out, Locator.LENGTH);
        Uint32.putBigEndian(out, Locator.LENGTH + encryptedBlob.length(), toSelfDelay);
        return out;
    }
}
