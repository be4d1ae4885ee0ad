package dev.vigil.towerserver.app;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerLedger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** TEMPORARY, until the store persists trackers (in progress): trackers in memory only. */
final class VolatileTrackerLedger implements TrackerLedger {
    private final Map<AppointmentId, Tracker> trackers = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<List<Tracker>> loadTrackers() {
        return CompletableFuture.completedFuture(List.copyOf(trackers.values()));
    }

    @Override
    public CompletionStage<Void> putTracker(Tracker tracker) {
        trackers.put(tracker.id(), tracker);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> removeTracker(AppointmentId id) {
        trackers.remove(id);
        return CompletableFuture.completedFuture(null);
    }
}
