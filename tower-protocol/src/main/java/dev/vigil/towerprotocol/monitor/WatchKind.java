package dev.vigil.towerprotocol.monitor;

import java.util.Optional;

/** The two kinds of watch (docs/monitoring.md 1.1): its JSON name and its code in the store's keys. */
public enum WatchKind {
    /** A 16-byte {@link WatchHint}: the tower learns the channel when a block spends it. */
    HINT(1, "hint"),
    /** The funding outpoint itself: the tower learns the channel at registration. */
    OUTPOINT(2, "outpoint");

    private final int code;
    private final String wireName;

    WatchKind(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** The {@code u8} in the {@code watches} key. */
    public int code() {
        return code;
    }

    /** The JSON {@code kind}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<WatchKind> fromWireName(String name) {
        for (WatchKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static Optional<WatchKind> fromCode(int code) {
        for (WatchKind k : values()) {
            if (k.code == code) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
