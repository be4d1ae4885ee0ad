package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import java.util.Objects;

/**
 * A registered user as the gatekeeper keeps it: the slots left and the subscription window in block
 * heights (teos {@code users} table). Immutable; a change is a new record written through
 * {@link UserLedger}.
 */
public record UserRecord(UserId id, long availableSlots, long subscriptionStart, long subscriptionExpiry) {
    public UserRecord {
        Objects.requireNonNull(id, "id");
        Uint32.check("available_slots", availableSlots);
        Uint32.check("subscription_start", subscriptionStart);
        Uint32.check("subscription_expiry", subscriptionExpiry);
    }

    /** teos: a subscription is expired once the tip reaches its expiry height. */
    public boolean isExpiredAt(long tipHeight) {
        return tipHeight >= subscriptionExpiry;
    }

    public UserRecord withAvailableSlots(long slots) {
        return new UserRecord(id, slots, subscriptionStart, subscriptionExpiry);
    }
}
