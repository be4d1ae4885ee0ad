package dev.vigil.towerserver.store;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.TipStore;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserLedger;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.identity.TowerKeyStore;
import dev.vigil.towerserver.monitor.EventReader;
import dev.vigil.towerserver.monitor.MonitorLoad;
import dev.vigil.towerserver.monitor.MonitoredUser;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchLookup;
import dev.vigil.towerserver.monitor.WatchRef;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerLedger;
import dev.vigil.towerserver.watcher.AppointmentBook;
import dev.vigil.towerserver.watcher.BlockBatches;
import dev.vigil.towerserver.watcher.BreachLookup;
import dev.vigil.towerserver.watcher.LocatorScan;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tower's durable state behind every store port, on one owner thread with group commit
 * (DESIGN §5, §6; docs/tower-server.md "Threads").
 *
 * <p><b>Threading and failures</b> are the engine's ({@link GroupCommitEngine}): every operation
 * is a task on the store's one owner thread ({@code vigil-store}), applied in issue order and
 * completed, on that thread, after the commit that makes it durable; callers never block, except
 * through the chain follower's blocking {@link TipStore#load}, which must not be called on the
 * store's thread. Encoding happens on the caller's thread, everything touching the tables on the owner
 * thread. Stages' dependent actions run on the owner thread unless the caller hops off it, so they
 * must not block (Vert.x callers use {@code Future.fromCompletionStage(stage, context)}).
 *
 * <p><b>A failed commit has one meaning</b> for every port implemented here: a stage that completes
 * normally is durable; one that fails with {@link CommitFailedException} left nothing, in the
 * running store or in the file a later open reads; one that fails with
 * {@link StoreUnavailableException} was refused because the store stopped, except for the batch in
 * flight when it stopped, which is durable or not as the next open finds it (docs/storage.md).
 */
public class TowerStore implements UserLedger, AppointmentBook, BreachLookup, LocatorScan, TrackerLedger, TowerKeyStore,
        TipStore, BlockBatches, EventReader, MonitorLoad, WatchLookup, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TowerStore.class.getName());

    /** Default and upper bound of tasks per commit (config {@code store.max-batch}). */
    public static final int DEFAULT_MAX_BATCH = 1024;

    static final byte[] META_SCHEMA = "schema".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_TOWER_KEY = "tower_key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_TIP = "tip".getBytes(StandardCharsets.US_ASCII);

    private final GroupCommitEngine engine;
    /** The last tip a task wrote (set on the store's thread), so that {@link #save} of the same tip writes nothing. */
    private volatile ChainTip lastTip;

    /** Subclasses in this package (and tests) only: {@code opener} runs on the store's thread, first. */
    TowerStore(String threadName, int maxBatch, GroupCommitEngine.TablesOpener opener) {
        this.engine = new GroupCommitEngine(threadName, maxBatch, opener);
    }

    /** Completes once the tables are open (on the owner thread), or fails with why they could not be. */
    final CompletionStage<Void> opened() {
        return engine.opened();
    }

    /**
     * Completes, with why, if the store stops (docs/storage.md, "A failed commit": a batch whose fate
     * only the next open can tell, or one that could not be discarded): every later operation is
     * refused, and the in-memory state built on the store's answers can no longer be trusted, so the
     * tower must be restarted to rebuild it from the reopened store. Never completes on a normal close.
     * Completes on the store's thread.
     */
    public final CompletionStage<StoreUnavailableException> stopped() {
        return engine.stopped();
    }

    private <T> CompletionStage<T> submit(GroupCommitEngine.Work<T> work) {
        return engine.submit(work);
    }

    /** A task whose failure stops the store ({@link GroupCommitEngine#submitFatal}): a block's batch. */
    final <T> CompletionStage<T> submitFatal(String what, GroupCommitEngine.Work<T> work) {
        return engine.submitFatal(what, work);
    }

    /** On the store's thread: a task wrote {@code tip}. */
    final void tipWritten(ChainTip tip) {
        lastTip = tip;
    }

    // ------------------------------------------------------------------ BlockBatches

    /** A new batch: its writes are encoded as they are added and applied as one task, in one commit. */
    @Override
    public BlockBatch open() {
        return new BlockBatch(this);
    }

    // ------------------------------------------------------------------ UserLedger

    @Override
    public CompletionStage<List<UserRecord>> loadUsers() {
        return submit(t -> {
            List<UserRecord> users = new ArrayList<>();
            t.users().scan(null, null, (key, value) -> users.add(
                    StoreRecords.decodeUser(StoreRecords.userOfKey(key, 0, "users"), value)));
            return users;
        });
    }

    @Override
    public CompletionStage<Void> putUser(UserRecord user) {
        byte[] key = StoreRecords.userKey(user.id());
        byte[] value = StoreRecords.encodeUser(user);
        return submit(t -> {
            t.users().put(key, value);
            return null;
        });
    }

    /**
     * Deletes the users, their appointments and their user-locator entries in one commit. Their
     * trackers stay until they resolve: the tower finishes what it started ({@link UserLedger#deleteUsers}).
     */
    @Override
    public CompletionStage<Void> deleteUsers(Collection<UserId> users) {
        List<byte[]> keys = new ArrayList<>(users.size());
        for (UserId u : users) {
            keys.add(StoreRecords.userKey(u));
        }
        return submit(t -> {
            deleteUsers(t, keys);
            return null;
        });
    }

    /**
     * On the store's thread: the users, their appointments and their user-locator entries, their monitoring
     * logs and their watches.
     */
    static void deleteUsers(Tables t, List<byte[]> userKeys) {
        for (byte[] userKey : userKeys) {
            MonitorRecords.deleteLog(t, userKey);
            WatchRecords.deleteOf(t, userKey);
            List<byte[]> owned = userLocatorKeys(t, userKey);
            for (byte[] ul : owned) {
                t.appointments().remove(appointmentKeyOf(ul));
                t.userLocators().remove(ul);
            }
            t.users().remove(userKey);
        }
    }

    // ------------------------------------------------------------------ AppointmentBook, BreachLookup, LocatorScan

    @Override
    public CompletionStage<Void> putAppointment(StoredAppointment appointment, UserRecord chargedUser) {
        if (!appointment.user().equals(chargedUser.id())) {
            throw new IllegalArgumentException("the charged user " + chargedUser.id()
                    + " is not the appointment's user " + appointment.user());
        }
        Locator locator = appointment.appointment().locator();
        byte[] appointmentKey = StoreRecords.appointmentKey(locator, appointment.user());
        byte[] appointmentValue = StoreRecords.encodeAppointment(appointment);
        byte[] userLocatorKey = StoreRecords.userLocatorKey(appointment.user(), locator);
        byte[] userKey = StoreRecords.userKey(chargedUser.id());
        byte[] userValue = StoreRecords.encodeUser(chargedUser);
        return submit(t -> {
            t.appointments().put(appointmentKey, appointmentValue);
            t.userLocators().put(userLocatorKey, Tables.Table.EMPTY);
            t.users().put(userKey, userValue);
            return null;
        });
    }

    /** Each stored appointment at most once (duplicate locators are looked up once), in locator then user order. */
    @Override
    public CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators) {
        TreeSet<Locator> distinct = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        for (Locator l : locators) {
            distinct.add(Objects.requireNonNull(l, "locator"));
        }
        return submit(t -> {
            List<StoredAppointment> found = new ArrayList<>();
            for (Locator l : distinct) {
                byte[] prefix = l.value().toArray();
                t.appointments().scan(
                        StoreRecords.rangeBound(prefix, StoreRecords.APPOINTMENT_KEY_LENGTH, 0x00),
                        StoreRecords.rangeBound(prefix, StoreRecords.APPOINTMENT_KEY_LENGTH, 0xff),
                        (key, value) -> found.add(StoreRecords.decodeAppointment(
                                l, StoreRecords.userOfKey(key, Locator.LENGTH, "appointments"), value)));
            }
            return found;
        });
    }

    @Override
    public CompletionStage<Optional<StoredAppointment>> findAppointment(Locator locator, UserId user) {
        byte[] key = StoreRecords.appointmentKey(locator, user);
        return submit(t -> {
            byte[] value = t.appointments().get(key);
            return value == null ? Optional.empty() : Optional.of(StoreRecords.decodeAppointment(locator, user, value));
        });
    }

    /** In locator order. */
    @Override
    public CompletionStage<List<Locator>> locatorsOf(UserId user) {
        byte[] userKey = StoreRecords.userKey(user);
        return submit(t -> {
            List<Locator> locators = new ArrayList<>();
            for (byte[] ul : userLocatorKeys(t, userKey)) {
                locators.add(StoreRecords.locatorOfKey(ul, StoreRecords.USER_KEY_LENGTH));
            }
            return locators;
        });
    }

    /**
     * Removes these appointments (triggered, or found invalid) and writes {@code updatedUsers} in the same
     * commit, by (locator, user), whatever the stored appointment's content is now. Removing an
     * appointment that is not there is not an error. (The block path removes through its batch.)
     */
    public CompletionStage<Void> removeAppointments(Collection<StoredAppointment> appointments, Collection<UserRecord> updatedUsers) {
        List<byte[][]> keys = appointmentKeys(appointments);
        List<byte[][]> users = new ArrayList<>(updatedUsers.size());
        for (UserRecord u : updatedUsers) {
            users.add(new byte[][] {StoreRecords.userKey(u.id()), StoreRecords.encodeUser(u)});
        }
        return submit(t -> {
            removeAppointments(t, keys);
            for (byte[][] u : users) {
                t.users().put(u[0], u[1]);
            }
            return null;
        });
    }

    /** Each appointment's {@code {appointment key, user-locator key}}, encoded on the caller's thread. */
    static List<byte[][]> appointmentKeys(Collection<StoredAppointment> appointments) {
        List<byte[][]> keys = new ArrayList<>(appointments.size());
        for (StoredAppointment a : appointments) {
            keys.add(new byte[][] {StoreRecords.appointmentKey(a.appointment().locator(), a.user()),
                    StoreRecords.userLocatorKey(a.user(), a.appointment().locator())});
        }
        return keys;
    }

    /** On the store's thread. */
    static void removeAppointments(Tables t, List<byte[][]> keys) {
        for (byte[][] k : keys) {
            t.appointments().remove(k[0]);
            t.userLocators().remove(k[1]);
        }
    }

    /** Reads keys only (no blob is read): the locator index rebuild at start-up. */
    @Override
    public CompletionStage<Long> forEachLocator(Consumer<Locator> sink) {
        Objects.requireNonNull(sink, "sink");
        return submit(t -> {
            long[] count = {0};
            t.appointments().scanKeys(null, null, key -> {
                sink.accept(StoreRecords.locatorOfKey(key, 0));
                count[0]++;
            });
            return count[0];
        });
    }

    // ------------------------------------------------------------------ TrackerLedger

    /**
     * In appointment id order. One record that cannot be read fails the whole load with
     * {@link CorruptRecordException} naming it: the responder must not resume with a breach silently
     * dropped.
     */
    @Override
    public CompletionStage<List<Tracker>> loadTrackers() {
        return submit(t -> {
            List<Tracker> trackers = new ArrayList<>();
            t.trackers().scan(null, null, (key, value) -> trackers.add(
                    TrackerRecords.decodeTracker(TrackerRecords.trackerIdOfKey(key), value)));
            return trackers;
        });
    }

    /**
     * Throws {@link IllegalArgumentException} (and stores nothing) for a tracker whose record could
     * not be read back: an id that is not {@code AppointmentId.of(locator, user)}, or a height that
     * is not a u32 ({@code TrackerRecords.encodeTracker}). An {@code Unsent} answer is stored cut to
     * its first 1,000 UTF-8 bytes.
     */
    @Override
    public CompletionStage<Void> putTracker(Tracker tracker) {
        byte[] key = TrackerRecords.trackerKey(tracker.id());
        byte[] value = TrackerRecords.encodeTracker(tracker);
        return submit(t -> {
            t.trackers().put(key, value);
            return null;
        });
    }

    /**
     * Deletes a tracker and, in the same commit, stores {@code refunded} when present (the block path
     * forgets through its batch). Deleting a missing tracker is not an error.
     */
    public CompletionStage<Void> forgetTracker(AppointmentId tracker, Optional<UserRecord> refunded) {
        byte[] key = TrackerRecords.trackerKey(tracker);
        Optional<byte[]> userKey = refunded.map(u -> StoreRecords.userKey(u.id()));
        Optional<byte[]> userValue = refunded.map(StoreRecords::encodeUser);
        return submit(t -> {
            t.trackers().remove(key);
            if (userKey.isPresent()) {
                t.users().put(userKey.get(), userValue.get());
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ EventReader, MonitorLoad

    @Override
    public CompletionStage<Optional<EventReader.Slice>> eventsAfter(UserId user, long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        byte[] userKey = StoreRecords.userKey(user);
        return submit(t -> MonitorRecords.eventsAfter(t, userKey, user, after, limit));
    }

    @Override
    public CompletionStage<List<MonitoredUser>> loadMonitoredUsers() {
        return submit(MonitorRecords::loadUsers);
    }

    /** Reads every watch record (a few tens of bytes each) in key order. */
    @Override
    public CompletionStage<Long> forEachWatch(Consumer<StoredWatch> sink) {
        Objects.requireNonNull(sink, "sink");
        return submit(t -> WatchRecords.forEach(t, sink));
    }

    // ------------------------------------------------------------------ WatchLookup

    @Override
    public CompletionStage<List<StoredWatch>> findWatches(Collection<WatchLookup.Key> keys) {
        List<WatchLookup.Key> copy = List.copyOf(keys);
        return submit(t -> WatchRecords.find(t, copy));
    }

    @Override
    public CompletionStage<Optional<StoredWatch>> findWatch(WatchRef watch) {
        Objects.requireNonNull(watch, "watch");
        return submit(t -> WatchRecords.get(t, watch));
    }

    @Override
    public CompletionStage<List<WatchRef>> watchesOf(Collection<UserId> users) {
        TreeSet<byte[]> keys = new TreeSet<>(java.util.Arrays::compareUnsigned);
        users.forEach(u -> keys.add(StoreRecords.userKey(u)));
        return submit(t -> {
            List<WatchRef> refs = new ArrayList<>();
            for (byte[] k : keys) {
                refs.addAll(WatchRecords.of(t, k));
            }
            return refs;
        });
    }

    // ------------------------------------------------------------------ TowerKeyStore

    /** {@code generate} runs on the store's thread, once in the store's life (if it throws, only this call fails). */
    @Override
    public CompletionStage<PrivateKey> loadOrCreateTowerKey(Supplier<PrivateKey> generate) {
        Objects.requireNonNull(generate, "generate");
        return submit(t -> {
            byte[] stored = t.meta().get(META_TOWER_KEY);
            if (stored != null) {
                return StoreRecords.decodeTowerKey(stored);
            }
            PrivateKey key = Objects.requireNonNull(generate.get(), "generated key");
            t.meta().put(META_TOWER_KEY, StoreRecords.encodeTowerKey(key));
            return key;
        });
    }

    // ------------------------------------------------------------------ TipStore

    /**
     * Blocking, as the chain follower's port says: waits for the read on the store's thread (it sees
     * every tip saved before it). Called from the follower's thread and once at start-up; never from the
     * store's own thread, where it would wait for itself ({@link IllegalStateException}).
     */
    @Override
    public Optional<ChainTip> load() {
        return engine.call(t -> {
            byte[] v = t.meta().get(META_TIP);
            if (v == null) {
                return Optional.<ChainTip>empty();
            }
            ChainTip stored = StoreRecords.decodeTip(v);
            tipWritten(stored);
            return Optional.of(stored);
        });
    }

    /**
     * Queues {@code tip} behind every operation issued before it and returns without waiting for its
     * commit, as the follower's port allows. A tip that a task already wrote (the block's batch carries
     * its own tip, committed with the block's writes) is not written again: {@code save} compares
     * first, so the follower's save after a block writes nothing. A tip write that fails is logged; the
     * stored tip then stays at the last one committed until a later save moves it on, and a start in
     * between replays the blocks after it, which the listener tolerates. Any thread, the store's own
     * included.
     */
    @Override
    public void save(ChainTip tip) {
        if (tip.equals(lastTip)) {
            return;
        }
        byte[] value = StoreRecords.encodeTip(tip);
        submit(t -> {
            t.meta().put(META_TIP, value);
            tipWritten(tip);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "the chain tip " + tip.hash() + " at height " + tip.height()
                        + " was not stored (the next start replays from the tip stored before it): " + e);
            }
        });
    }

    // ------------------------------------------------------------------ listings and backup (the admin commands)

    /** Where an appointment sits in the store's order: by locator, then by user. */
    public record AppointmentKey(Locator locator, UserId user) {
        public AppointmentKey {
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * Up to {@code limit} stored appointments after {@code after} (empty: from the first), in locator then
     * user order: one page of a listing. Keys are positions, so pages taken while appointments come and go
     * never repeat one, and miss none that stayed stored throughout.
     */
    public CompletionStage<List<StoredAppointment>> appointmentsAfter(Optional<AppointmentKey> after, int limit) {
        byte[] from = after.map(k -> StoreRecords.appointmentKey(k.locator(), k.user())).orElse(null);
        return submit(t -> {
            List<StoredAppointment> page = new ArrayList<>();
            t.appointments().scanAfter(from, limit, (key, value) -> page.add(StoreRecords.decodeAppointment(
                    StoreRecords.locatorOfKey(key, 0), StoreRecords.userOfKey(key, Locator.LENGTH, "appointments"), value)));
            return page;
        });
    }

    /** Up to {@code limit} stored trackers after {@code after} (empty: from the first), in appointment id order. */
    public CompletionStage<List<Tracker>> trackersAfter(Optional<AppointmentId> after, int limit) {
        byte[] from = after.map(TrackerRecords::trackerKey).orElse(null);
        return submit(t -> {
            List<Tracker> page = new ArrayList<>();
            t.trackers().scanAfter(from, limit, (key, value) -> page.add(
                    TrackerRecords.decodeTracker(TrackerRecords.trackerIdOfKey(key), value)));
            return page;
        });
    }

    /**
     * Writes a consistent copy of the store to {@code target}, a file that opens as a store of its own
     * (docs/admin.md, "Backup and restore"), while the store goes on serving: the copy runs on the owner
     * thread in a batch of its own, after every operation issued before it is committed, so it holds
     * exactly those and nothing half-done; operations issued meanwhile wait for it (the copy's length, a
     * disk read of the file) and then go on. It is written to a temporary file in {@code target}'s
     * directory, owner-only (0600: it holds the tower key) whatever the umask, synced, and linked into
     * place, which fails rather than replace a file that appeared meanwhile; the directory is synced.
     * Fails with {@link BackupRefusedException} (nothing written) when {@code target} exists or its
     * directory does not, with the I/O failure otherwise (the temporary file is removed).
     */
    public final CompletionStage<StoreBackup> backup(Path target) {
        Path file = target.toAbsolutePath().normalize();
        return engine.submitAlone(t -> StoreBackup.write(t, file));
    }

    // ------------------------------------------------------------------ lifecycle and statistics

    /**
     * Stops taking operations, finishes and commits every queued one, closes the tables. Completes
     * (on the owner thread) once the store is closed. Idempotent.
     */
    public final CompletionStage<Void> closeAsync() {
        return engine.closeAsync();
    }

    /**
     * {@link #closeAsync()}, waiting for it (the application's SIGTERM path). Called from the owner
     * thread itself (a stage's callback) it only starts the close, since waiting there would never end.
     */
    @Override
    public final void close() {
        engine.close();
    }

    /**
     * Reports every later commit's duration to {@code timer} (the metrics). A setter, not a constructor
     * argument: the store opens, and its contents are loaded, before the rest of the tower exists.
     */
    public final void timeCommits(CommitTimer timer) {
        engine.timeCommits(timer);
    }

    /** How many commits the store has made (a batch that changed nothing is not committed). */
    public final long commitCount() {
        return engine.commitCount();
    }


    // ------------------------------------------------------------------ helpers

    private static List<byte[]> userLocatorKeys(Tables t, byte[] userKey) {
        List<byte[]> keys = new ArrayList<>();
        t.userLocators().scanKeys(
                StoreRecords.rangeBound(userKey, StoreRecords.APPOINTMENT_KEY_LENGTH, 0x00),
                StoreRecords.rangeBound(userKey, StoreRecords.APPOINTMENT_KEY_LENGTH, 0xff),
                keys::add);
        return keys;
    }

    /** {@code user ‖ locator} → {@code locator ‖ user}. */
    private static byte[] appointmentKeyOf(byte[] userLocatorKey) {
        byte[] k = new byte[StoreRecords.APPOINTMENT_KEY_LENGTH];
        System.arraycopy(userLocatorKey, StoreRecords.USER_KEY_LENGTH, k, 0, Locator.LENGTH);
        System.arraycopy(userLocatorKey, 0, k, Locator.LENGTH, StoreRecords.USER_KEY_LENGTH);
        return k;
    }
}
