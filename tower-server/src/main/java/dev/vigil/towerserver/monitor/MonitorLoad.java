package dev.vigil.towerserver.monitor;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: what channel monitoring rebuilds from the store at start. Same threading as the other loads:
 * the stage completes on the store's thread, after every operation issued before it.
 */
public interface MonitorLoad {
    /** Every monitored user with the cursor its next event gets. */
    CompletionStage<List<MonitoredUser>> loadMonitoredUsers();
}
