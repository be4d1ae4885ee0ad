package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.gatekeeper.UserWrites;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The store as the channel watch sees it, in memory: every write applies at once (a test's batch is
 * committed as it is written), and the watch lookups read what was written. A lookup can be held back
 * ({@link #holdLookups}) to let the tower thread run something while it is out.
 */
final class FakeWatchStore implements WatchWrites, UserWrites, MonitorWrites, WatchLookup, MonitorLoad {
    final Map<WatchRef, StoredWatch> watches = new LinkedHashMap<>();
    final Map<UserId, UserRecord> users = new LinkedHashMap<>();
    final List<StoredEvent> events = new ArrayList<>();
    final List<Collection<Key>> lookups = new ArrayList<>();
    private CompletableFuture<Void> held;

    synchronized void holdLookups() {
        held = new CompletableFuture<>();
    }

    synchronized void releaseLookups() {
        CompletableFuture<Void> h = held;
        held = null;
        h.complete(null);
    }

    @Override
    public synchronized void putWatch(StoredWatch watch) {
        watches.put(watch.ref(), watch);
    }

    @Override
    public synchronized void removeWatch(WatchRef watch) {
        watches.remove(watch);
    }

    @Override
    public synchronized void putUser(UserRecord user) {
        users.put(user.id(), user);
    }

    @Override
    public synchronized void deleteUsers(Collection<UserId> deleted) {
        deleted.forEach(users::remove);
        watches.keySet().removeIf(r -> deleted.contains(r.user()));
    }

    @Override
    public void enrollUser(UserId user) {}

    @Override
    public synchronized void appendEvent(StoredEvent event, EventBounds bounds) {
        events.add(event);
    }

    @Override
    public void pruneEventsBelow(long belowHeight, int max) {}

    @Override
    public synchronized CompletionStage<List<StoredWatch>> findWatches(Collection<Key> keys) {
        lookups.add(List.copyOf(keys));
        List<StoredWatch> found = watches.values().stream()
                .filter(w -> keys.contains(new Key(w.ref().kind(), w.ref().key()))).toList();
        return held == null ? CompletableFuture.completedFuture(found) : held.thenApply(v -> found);
    }

    @Override
    public synchronized CompletionStage<Optional<StoredWatch>> findWatch(WatchRef watch) {
        return CompletableFuture.completedFuture(Optional.ofNullable(watches.get(watch)));
    }

    @Override
    public synchronized CompletionStage<List<WatchRef>> watchesOf(Collection<UserId> of) {
        return CompletableFuture.completedFuture(watches.keySet().stream().filter(r -> of.contains(r.user())).toList());
    }

    @Override
    public CompletionStage<List<MonitoredUser>> loadMonitoredUsers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized CompletionStage<Long> forEachWatch(Consumer<StoredWatch> sink) {
        watches.values().forEach(sink);
        return CompletableFuture.completedFuture((long) watches.size());
    }
}
