package dev.vigil.towerprotocol.monitor;

import java.util.Optional;

/** How a spend of a funding output reads (docs/monitoring.md 2.1): the {@code close} of {@code funding_spent}. */
public enum CloseKind {
    /** A BOLT 3 commitment transaction: one party's unilateral close. */
    UNILATERAL("unilateral"),
    /** A BOLT 3 closing transaction: both parties signed it. */
    COOPERATIVE("cooperative"),
    /** Anything else: a splice, a batched or foreign spend. */
    OTHER("other");

    private final String wireName;

    CloseKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CloseKind> fromWireName(String name) {
        for (CloseKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
