package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.Uint32;

/**
 * What a registration grants ({@code subscription.*} in vigil.conf; teos's defaults are 10,000
 * slots, 4,320 blocks, a 6-block grace before deletion and 2,048-byte slots).
 */
public record SubscriptionPolicy(long slots, long duration, long expiryDelta, int slotSize) {
    public SubscriptionPolicy {
        Uint32.check("subscription.slots", slots);
        Uint32.check("subscription.duration", duration);
        Uint32.check("subscription.expiry-delta", expiryDelta);
        if (slots < 1 || duration < 1 || slotSize < 1) {
            throw new IllegalArgumentException("slots, duration and slot size must be positive");
        }
    }

    public static SubscriptionPolicy teosDefaults() {
        return new SubscriptionPolicy(10_000, 4_320, 6, 2_048);
    }

    /** Slots an encrypted blob of {@code blobBytes} costs: {@code ceil(len / slot size)} (BOLT 13 draft, teos). */
    public long slotsFor(int blobBytes) {
        return (blobBytes + (long) slotSize - 1) / slotSize;
    }
}
