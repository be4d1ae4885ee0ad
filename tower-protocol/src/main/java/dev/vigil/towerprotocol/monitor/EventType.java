package dev.vigil.towerprotocol.monitor;

import java.util.Optional;

/** The event types of docs/monitoring.md 2.1: the JSON {@code type}, the store's {@code u8} code and whether a {@code retracted} may take one back. */
public enum EventType {
    FUNDING_SPENT(1, "funding_spent", true),
    BREACH_SEEN(2, "breach_seen", true),
    JUSTICE_BROADCAST(3, "justice_broadcast", false),
    JUSTICE_IN_MEMPOOL(4, "justice_in_mempool", false),
    JUSTICE_CONFIRMED(5, "justice_confirmed", true),
    JUSTICE_DEPTH(6, "justice_depth", false),
    JUSTICE_IRREVOCABLE(7, "justice_irrevocable", false),
    /** Retractable when its reason is {@code inputs_spent} (the foreign spend's block can leave the chain). */
    JUSTICE_FAILED(8, "justice_failed", true),
    DEADLINE_AT_RISK(9, "deadline_at_risk", false),
    RETRACTED(10, "retracted", false),
    SLOTS_LOW(11, "slots_low", false),
    SUBSCRIPTION_EXPIRING(12, "subscription_expiring", false),
    SUBSCRIPTION_EXPIRED(13, "subscription_expired", false),
    WEBHOOK_GAVE_UP(14, "webhook_gave_up", false);

    private final int code;
    private final String wireName;
    private final boolean retractable;

    EventType(int code, String wireName, boolean retractable) {
        this.code = code;
        this.wireName = wireName;
        this.retractable = retractable;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether a block leaving the chain can take an event of this type back. */
    public boolean retractable() {
        return retractable;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<EventType> fromCode(int code) {
        for (EventType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
