package dev.vigil.towerprotocol;

/**
 * A user's subscription as the tower reports it: the appointment slots left and the block heights
 * at which it started and expires (teos: expired once the tip reaches {@code expiry}).
 */
public record Subscription(long availableSlots, long start, long expiry) {
    public Subscription {
        Uint32.check("available_slots", availableSlots);
        Uint32.check("subscription_start", start);
        Uint32.check("subscription_expiry", expiry);
        if (expiry < start) {
            throw new IllegalArgumentException("subscription_expiry " + expiry + " is before its start " + start);
        }
    }

    /** Whether the subscription has expired at chain height {@code tip} (teos: {@code tip >= expiry}). */
    public boolean isExpiredAt(long tip) {
        return tip >= expiry;
    }
}
