package dev.vigil.towerprotocol.signing;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import java.util.Objects;

/**
 * What the tower promises on {@code register}: this user has these slots from {@code start} to
 * {@code expiry}. The tower signs
 * {@code user_id(33) || available_slots u32 BE || subscription_start u32 BE || subscription_expiry u32 BE}
 * (rust-teos {@code teos-common/src/receipts.rs}), so the user can later prove the subscription.
 */
public record RegistrationReceipt(UserId userId, long availableSlots, long subscriptionStart, long subscriptionExpiry) {
    public static final int SERIALIZED_LENGTH = PublicKey.LENGTH + 12;

    public RegistrationReceipt {
        Objects.requireNonNull(userId, "userId");
        Uint32.check("available_slots", availableSlots);
        Uint32.check("subscription_start", subscriptionStart);
        Uint32.check("subscription_expiry", subscriptionExpiry);
    }

    public byte[] serialize() {
        byte[] out = new byte[SERIALIZED_LENGTH];
        userId.key().compressed().copyTo(out, 0);
        Uint32.putBigEndian(out, 33, availableSlots);
        Uint32.putBigEndian(out, 37, subscriptionStart);
        Uint32.putBigEndian(out, 41, subscriptionExpiry);
        return out;
    }
}
