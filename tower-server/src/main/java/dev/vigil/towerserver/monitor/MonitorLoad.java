package dev.vigil.towerserver.monitor;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Port: what channel monitoring rebuilds from the store at start. Same threading as the other loads:
 * the stage completes on the store's thread, after every operation issued before it.
 */
public interface MonitorLoad {
    /** Every monitored user with the cursor its next event gets. */
    CompletionStage<List<MonitoredUser>> loadMonitoredUsers();

    /**
     * Hands every stored watch to {@code sink}, in key order, on the store's thread (the channel watch's
     * indexes, counts and spent watches are rebuilt from them, docs/monitoring.md 4.2); the stage completes
     * with their number after the last.
     */
    CompletionStage<Long> forEachWatch(Consumer<StoredWatch> sink);
}
