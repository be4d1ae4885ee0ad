package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventType;
import java.util.Objects;

/**
 * One event as the store keeps it (docs/monitoring.md 3.1, {@code events}): whose, its cursor, its
 * type and height (to find it by age), when it was committed, and {@code c}, the exact bytes that are
 * signed and delivered (2.6): every delivery splices the same bytes, so the signature is the same too.
 *
 * @param committedMs the tower's clock when the event was made, in milliseconds since the epoch (the
 *     webhook courier gives up on events older than its maximum age)
 */
public record StoredEvent(UserId user, long cursor, EventType type, long height, long committedMs, Bytes c) {
    public StoredEvent {
        Objects.requireNonNull(user, "user");
        if (cursor < 1) {
            throw new IllegalArgumentException("cursors start at 1, got " + cursor);
        }
        Objects.requireNonNull(type, "type");
        Uint32.check("height", height);
        if (committedMs < 0) {
            throw new IllegalArgumentException("committedMs is not negative, got " + committedMs);
        }
        Objects.requireNonNull(c, "c");
        if (c.isEmpty() || c.length() > EventCodec.MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("an event is 1 to " + EventCodec.MAX_EVENT_BYTES + " bytes, got " + c.length());
        }
    }
}
