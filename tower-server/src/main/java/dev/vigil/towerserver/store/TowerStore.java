package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserLedger;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.identity.TowerKeyStore;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerLedger;
import dev.vigil.towerserver.gatekeeper.SettlementLedger;
import dev.vigil.towerserver.watcher.AppointmentBook;
import dev.vigil.towerserver.watcher.BreachLookup;
import dev.vigil.towerserver.watcher.LocatorScan;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tower's durable state behind every store port, on one owner thread with group commit
 * (DESIGN §5, §6; docs/tower-server.md "Threads").
 *
 * <p><b>Threading.</b> Every operation becomes a task in one FIFO queue. The owner thread (named
 * {@code vigil-store} or as given) takes up to {@code maxBatch} tasks, runs them in order against the
 * open transaction, commits once if any of them changed something, and only then completes their
 * stages, on the owner thread. So: a write's stage completes after the commit that makes it durable
 * (a receipt is never sent for data a crash could lose); writes apply in the order they were issued;
 * a read sees every earlier write, including the earlier writes of its own batch (and, like them,
 * fails if that batch's commit fails). A read that runs before any write of its batch saw only
 * committed state, so it completes at once instead of waiting for the batch's commit (a block's
 * appointment lookup does not wait out a commit of unrelated writes). Callers never block: encoding happens on the caller's thread,
 * everything touching the tables on the owner thread. Dependent actions attached to a stage run on
 * the owner thread unless the caller hops off it, so they must not block (Vert.x callers use
 * {@code Future.fromCompletionStage(stage, context)}).
 *
 * <p><b>Failures.</b> A task that throws without having changed anything (bad stored record,
 * a failing key generator) fails alone. A task that throws after changing something, or a failing
 * commit, fails every stage of the batch with {@link CommitFailedException} and the store discards
 * the batch's changes ({@link Tables#recover}) and goes on. If it cannot recover it stops: every
 * later operation fails with {@link StoreUnavailableException}. After {@link #closeAsync()} queued
 * work is still done and committed; later operations fail at once with
 * {@link StoreUnavailableException} (that failed stage is completed on the caller's thread).
 */
public abstract sealed class TowerStore
        implements UserLedger, AppointmentBook, BreachLookup, LocatorScan, SettlementLedger, TrackerLedger, TowerKeyStore, ChainTipLedger,
        AutoCloseable
        permits MapDbTowerStore, InMemoryTowerStore {
    /** Default and upper bound of tasks per commit (config {@code store.max-batch}). */
    public static final int DEFAULT_MAX_BATCH = 1024;

    static final byte[] META_SCHEMA = "schema".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_TOWER_KEY = "tower_key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] META_TIP = "tip".getBytes(StandardCharsets.US_ASCII);

    /** Opens the tables; runs on the owner thread, the first thing it does. */
    @FunctionalInterface
    interface TablesOpener {
        Tables open() throws Exception;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Tables tables) throws Exception;
    }

    private static final class Task<T> {
        final Work<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Task(Work<T> work) {
            this.work = work;
        }

        void runOn(Tables tables) throws Exception {
            result = work.run(tables);
        }

        void finish() {
            if (failure == null) {
                future.complete(result);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }

    private final int maxBatch;
    private final Thread owner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    /** Under {@link #lock}: whether new tasks are taken; false once closing or stopped. */
    private boolean accepting = true;
    /** Under {@link #lock}: why tasks are refused. */
    private StoreUnavailableException refusal;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /** Test hooks: fail the next n commits (before they reach the tables); sleep before each commit. */
    private final AtomicLong commitFailuresToInject = new AtomicLong();
    private volatile long commitDelayNanos;

    /** Owner thread only. */
    private Tables tables;

    TowerStore(String threadName, int maxBatch, TablesOpener opener) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        Objects.requireNonNull(opener, "opener");
        // Not a daemon: the JVM must not exit with a batch half-written; the application closes the
        // store on SIGTERM (no MapDB shutdown hook, DESIGN §6).
        this.owner = new Thread(() -> ownerLoop(opener), threadName);
        this.owner.setDaemon(false);
        this.owner.start();
    }

    /** Completes once the tables are open (on the owner thread), or fails with why they could not be. */
    final CompletionStage<Void> opened() {
        return opened.minimalCompletionStage();
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
            for (byte[] userKey : keys) {
                List<byte[]> owned = userLocatorKeys(t, userKey);
                for (byte[] ul : owned) {
                    t.appointments().remove(appointmentKeyOf(ul));
                    t.userLocators().remove(ul);
                }
                t.users().remove(userKey);
            }
            return null;
        });
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

    /** Removes by (locator, user), whatever the stored appointment's content is now. */
    @Override
    public CompletionStage<Void> removeAppointments(Collection<StoredAppointment> appointments, Collection<UserRecord> updatedUsers) {
        List<byte[]> appointmentKeys = new ArrayList<>(appointments.size());
        List<byte[]> userLocatorKeys = new ArrayList<>(appointments.size());
        for (StoredAppointment a : appointments) {
            appointmentKeys.add(StoreRecords.appointmentKey(a.appointment().locator(), a.user()));
            userLocatorKeys.add(StoreRecords.userLocatorKey(a.user(), a.appointment().locator()));
        }
        List<byte[][]> users = new ArrayList<>(updatedUsers.size());
        for (UserRecord u : updatedUsers) {
            users.add(new byte[][] {StoreRecords.userKey(u.id()), StoreRecords.encodeUser(u)});
        }
        return submit(t -> {
            for (int i = 0; i < appointmentKeys.size(); i++) {
                t.appointments().remove(appointmentKeys.get(i));
                t.userLocators().remove(userLocatorKeys.get(i));
            }
            for (byte[][] u : users) {
                t.users().put(u[0], u[1]);
            }
            return null;
        });
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
                    StoreRecords.decodeTracker(StoreRecords.trackerIdOfKey(key), value)));
            return trackers;
        });
    }

    /**
     * Throws {@link IllegalArgumentException} (and stores nothing) for a tracker whose record could
     * not be read back: an id that is not {@code AppointmentId.of(locator, user)}, or a height that
     * is not a u32 ({@code StoreRecords.encodeTracker}). An {@code Unsent} answer is stored cut to
     * its first 1,000 UTF-8 bytes.
     */
    @Override
    public CompletionStage<Void> putTracker(Tracker tracker) {
        byte[] key = StoreRecords.trackerKey(tracker.id());
        byte[] value = StoreRecords.encodeTracker(tracker);
        return submit(t -> {
            t.trackers().put(key, value);
            return null;
        });
    }

    /** Deletes the tracker without a refund; deleting a missing one is not an error. */
    public CompletionStage<Void> removeTracker(AppointmentId id) {
        byte[] key = StoreRecords.trackerKey(id);
        return submit(t -> {
            t.trackers().remove(key);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> forgetTracker(AppointmentId tracker, Optional<UserRecord> refunded) {
        byte[] key = StoreRecords.trackerKey(tracker);
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

    // ------------------------------------------------------------------ ChainTipLedger

    @Override
    public CompletionStage<Optional<ChainTip>> loadTip() {
        return submit(t -> {
            byte[] v = t.meta().get(META_TIP);
            return v == null ? Optional.empty() : Optional.of(StoreRecords.decodeTip(v));
        });
    }

    @Override
    public CompletionStage<Void> saveTip(ChainTip tip) {
        byte[] value = StoreRecords.encodeTip(tip);
        return submit(t -> {
            t.meta().put(META_TIP, value);
            return null;
        });
    }

    // ------------------------------------------------------------------ lifecycle and statistics

    /**
     * Stops taking operations, finishes and commits every queued one, closes the tables. Completes
     * (on the owner thread) once the store is closed. Idempotent.
     */
    public final CompletionStage<Void> closeAsync() {
        lock.lock();
        try {
            if (accepting) {
                accepting = false;
                refusal = new StoreUnavailableException("the store is closed");
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
        return closed.minimalCompletionStage();
    }

    /**
     * {@link #closeAsync()}, waiting for it (the application's SIGTERM path). Called from the owner
     * thread itself (a stage's callback) it only starts the close, since waiting there would never end.
     */
    @Override
    public final void close() {
        CompletionStage<Void> done = closeAsync();
        if (Thread.currentThread() == owner) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.toCompletableFuture().get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new StoreUnavailableException("closing the store failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many commits the store has made (a batch that changed nothing is not committed). */
    public final long commitCount() {
        return commits.get();
    }

    /** How many batches the owner thread has run, committed or not. */
    public final long batchCount() {
        return batches.get();
    }

    public final int maxBatch() {
        return maxBatch;
    }

    /** Test hook: the next {@code n} commits fail (before reaching the tables), failing their batches. */
    final void injectCommitFailures(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        commitFailuresToInject.set(n);
    }

    /** Test hook: every commit waits this long first (a slow disk). */
    final void injectCommitDelayNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        commitDelayNanos = nanos;
    }

    // ------------------------------------------------------------------ the owner thread

    private <T> CompletionStage<T> submit(Work<T> work) {
        Task<T> task = new Task<>(work);
        lock.lock();
        try {
            if (!accepting) {
                return CompletableFuture.failedStage(refusal);
            }
            queue.addLast(task);
            if (queue.size() == 1) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
        // A minimal stage: callers cannot complete or obtrude the store's own future.
        return task.future.minimalCompletionStage();
    }

    private void ownerLoop(TablesOpener opener) {
        try {
            tables = opener.open();
        } catch (Throwable e) {
            stop(new StoreUnavailableException("the store could not be opened: " + e.getMessage(), e), false);
            opened.completeExceptionally(e);
            return;
        }
        opened.complete(null);
        List<Task<?>> batch = new ArrayList<>(Math.min(maxBatch, 4096));
        try {
            while (true) {
                boolean last;
                lock.lock();
                try {
                    while (queue.isEmpty() && accepting) {
                        workArrived.awaitUninterruptibly();
                    }
                    while (batch.size() < maxBatch && !queue.isEmpty()) {
                        batch.add(queue.pollFirst());
                    }
                    last = !accepting && queue.isEmpty();
                } finally {
                    lock.unlock();
                }
                if (!batch.isEmpty() && !runBatch(batch)) {
                    return;
                }
                batch.clear();
                if (last) {
                    closeTables();
                    return;
                }
            }
        } catch (Throwable e) {
            // A bug in the loop itself: fail what is pending rather than leave callers waiting forever.
            for (Task<?> t : batch) {
                t.future.completeExceptionally(e);
            }
            stop(new StoreUnavailableException("the store stopped after an internal error: " + e, e), true);
        }
    }

    /** Runs, commits and completes one batch; false if the store had to stop. */
    private boolean runBatch(List<Task<?>> batch) {
        batches.incrementAndGet();
        long committedMutations = tables.mutations();
        Throwable batchFailure = null;
        for (Task<?> task : batch) {
            long before = tables.mutations();
            try {
                task.runOn(tables);
                if (tables.mutations() == committedMutations) {
                    task.finish(); // nothing written yet in this batch: it saw committed state only
                }
            } catch (Throwable e) {
                if (tables.mutations() == before) {
                    task.failure = e; // nothing changed: this task fails alone
                } else {
                    batchFailure = e; // a half-done write: the whole batch goes
                    break;
                }
            }
        }
        if (batchFailure == null && tables.mutations() != committedMutations) {
            try {
                commit();
            } catch (Throwable e) {
                batchFailure = e;
            }
        }
        if (batchFailure != null) {
            CommitFailedException failed = new CommitFailedException(
                    "a batch of " + batch.size() + " store operations was not committed: " + batchFailure, batchFailure);
            boolean recovered = recover();
            for (Task<?> task : batch) {
                task.future.completeExceptionally(failed);
            }
            return recovered;
        }
        for (Task<?> task : batch) {
            task.finish(); // a no-op for the reads finished ahead of the batch's first write
        }
        return true;
    }

    private void commit() throws Exception {
        long delay = commitDelayNanos;
        if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        if (commitFailuresToInject.get() > 0 && commitFailuresToInject.getAndDecrement() > 0) {
            throw new java.io.IOException("injected commit failure (test hook)");
        }
        tables.commit();
        commits.incrementAndGet();
    }

    private boolean recover() {
        try {
            tables.recover();
            return true;
        } catch (Throwable e) {
            stop(new StoreUnavailableException("the store stopped: it could not discard a failed batch (" + e
                    + "); restart the tower to reopen it from its last commit", e), true);
            return false;
        }
    }

    /** Refuses every later task, fails every queued one, closes what is open, and ends the owner thread. */
    private void stop(StoreUnavailableException why, boolean closeTables) {
        List<Task<?>> pending;
        lock.lock();
        try {
            accepting = false;
            refusal = why;
            pending = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        for (Task<?> t : pending) {
            t.future.completeExceptionally(why);
        }
        if (closeTables && tables != null) {
            try {
                tables.close();
            } catch (Throwable e) {
                why.addSuppressed(e);
            }
        }
        closed.complete(null);
    }

    private void closeTables() {
        try {
            tables.close();
            closed.complete(null);
        } catch (Throwable e) {
            closed.completeExceptionally(e);
        }
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
