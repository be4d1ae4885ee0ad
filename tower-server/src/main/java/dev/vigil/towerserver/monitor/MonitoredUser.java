package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import java.util.Objects;

/**
 * A user that has called a monitoring route, as the tower thread needs it: the cursor its next event
 * gets. (Its log's oldest cursor, count and bytes are the store's: {@link MonitorWrites}.)
 */
public record MonitoredUser(UserId user, long nextCursor) {
    public MonitoredUser {
        Objects.requireNonNull(user, "user");
        if (nextCursor < 1) {
            throw new IllegalArgumentException("the next cursor is at least 1, got " + nextCursor);
        }
    }
}
