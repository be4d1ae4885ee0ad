package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import java.util.Objects;

/**
 * Names one watch: a watch id names a watch only together with its user and kind (docs/monitoring.md
 * 1.1, 3.1: the {@code watches} key is {@code kind ‖ key ‖ user}).
 */
public record WatchRef(UserId user, WatchKind kind, WatchId key) {
    public WatchRef {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
