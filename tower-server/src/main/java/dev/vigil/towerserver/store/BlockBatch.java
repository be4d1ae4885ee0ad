package dev.vigil.towerserver.store;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.StoredEvent;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchRef;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.watcher.BlockWrites;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A block's writes (or a carrier answer's), encoded on the tower thread as they are made and applied
 * by the store as <b>one</b> task, so in one commit: all of them, the tip included, or none
 * (docs/storage.md, "One commit per block"). A failed commit of it stops the store
 * ({@link GroupCommitEngine#submitFatal}). Tower thread only; not thread-safe.
 */
final class BlockBatch implements BlockWrites {
    /** One encoded write, applied on the store's thread. */
    @FunctionalInterface
    private interface Op {
        void apply(Tables t);
    }

    private final TowerStore store;
    private final List<Op> ops = new ArrayList<>();
    private boolean submitted;

    BlockBatch(TowerStore store) {
        this.store = store;
    }

    @Override
    public void putTracker(Tracker tracker) {
        byte[] key = TrackerRecords.trackerKey(tracker.id());
        byte[] value = TrackerRecords.encodeTracker(tracker);
        add(t -> t.trackers().put(key, value));
    }

    @Override
    public void forgetTracker(AppointmentId tracker) {
        byte[] key = TrackerRecords.trackerKey(tracker);
        add(t -> t.trackers().remove(key));
    }

    @Override
    public void putUser(UserRecord user) {
        byte[] key = StoreRecords.userKey(user.id());
        byte[] value = StoreRecords.encodeUser(user);
        add(t -> t.users().put(key, value));
    }

    @Override
    public void deleteUsers(Collection<UserId> users) {
        List<byte[]> keys = users.stream().map(StoreRecords::userKey).toList();
        add(t -> TowerStore.deleteUsers(t, keys));
    }

    @Override
    public void removeAppointments(Collection<StoredAppointment> appointments) {
        List<byte[][]> keys = TowerStore.appointmentKeys(appointments);
        add(t -> TowerStore.removeAppointments(t, keys));
    }

    @Override
    public void enrollUser(UserId user) {
        byte[] key = StoreRecords.userKey(user);
        add(t -> MonitorRecords.enroll(t, key));
    }

    @Override
    public void appendEvent(StoredEvent event, EventBounds bounds) {
        byte[] key = StoreRecords.userKey(event.user());
        byte[] value = MonitorRecords.encodeEvent(event);
        add(t -> MonitorRecords.append(t, key, event.user(), event, value, bounds));
    }

    @Override
    public void pruneEventsBelow(long belowHeight, int max) {
        add(t -> MonitorRecords.pruneBelow(t, belowHeight, max));
    }

    @Override
    public void putWatch(StoredWatch watch) {
        byte[] key = WatchRecords.watchKey(watch.ref());
        byte[] userKey = WatchRecords.userWatchKey(watch.ref());
        byte[] value = WatchRecords.encodeWatch(watch);
        add(t -> WatchRecords.put(t, key, userKey, value));
    }

    @Override
    public void removeWatch(WatchRef watch) {
        byte[] key = WatchRecords.watchKey(watch);
        byte[] userKey = WatchRecords.userWatchKey(watch);
        add(t -> WatchRecords.remove(t, key, userKey));
    }

    @Override
    public CompletionStage<Void> commit(Optional<ChainTip> tip) {
        Objects.requireNonNull(tip, "tip");
        checkOpen();
        submitted = true;
        if (tip.isPresent()) {
            byte[] value = StoreRecords.encodeTip(tip.get());
            ChainTip stored = tip.get();
            ops.add(t -> {
                t.meta().put(TowerStore.META_TIP, value);
                store.tipWritten(stored);
            });
        }
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Op> all = List.copyOf(ops);
        return store.submitFatal("a batch of " + all.size() + " writes" + tip.map(x -> " for block " + x.height()).orElse(""), t -> {
            for (Op op : all) {
                op.apply(t);
            }
            return null;
        });
    }

    @Override
    public void abandon(Throwable why) {
        checkOpen();
        submitted = true;
        store.submitFatal("an abandoned batch", t -> {
            throw new IllegalStateException("the work that filled the batch failed", why);
        });
    }

    private void add(Op op) {
        checkOpen();
        ops.add(op);
    }

    private void checkOpen() {
        if (submitted) {
            throw new IllegalStateException("the batch was already submitted");
        }
    }
}
