package dev.vigil.towerserver.testsupport;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserLedger;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerLedger;
import dev.vigil.towerserver.gatekeeper.SettlementLedger;
import dev.vigil.towerserver.watcher.AppointmentBook;
import dev.vigil.towerserver.watcher.BreachLookup;
import dev.vigil.towerserver.watcher.LocatorScan;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The three ledgers over maps, answering on their own thread like the real store, and able to fail
 * the next N writes on command.
 */
public final class MemoryLedgers implements UserLedger, AppointmentBook, BreachLookup, LocatorScan, SettlementLedger, TrackerLedger,
        AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-store"));
    public final Map<UserId, UserRecord> users = new LinkedHashMap<>();
    public final Map<AppointmentId, StoredAppointment> appointments = new LinkedHashMap<>();
    public final Map<AppointmentId, Tracker> trackers = new LinkedHashMap<>();
    public final AtomicInteger failNextWrites = new AtomicInteger();
    /** Makes every write slow, to hold several requests in flight at once. */
    public volatile long writeDelayMillis;

    private <T> CompletionStage<T> read(Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, thread);
    }

    private CompletionStage<Void> write(Runnable r) {
        return CompletableFuture.runAsync(() -> {
            if (writeDelayMillis > 0) {
                try {
                    Thread.sleep(writeDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("commit failed on command");
            }
            r.run();
        }, thread);
    }

    @Override
    public CompletionStage<List<UserRecord>> loadUsers() {
        return read(() -> List.copyOf(users.values()));
    }

    @Override
    public CompletionStage<Void> putUser(UserRecord user) {
        return write(() -> users.put(user.id(), user));
    }

    @Override
    public CompletionStage<Void> deleteUsers(Collection<UserId> ids) {
        return write(() -> {
            ids.forEach(users::remove);
            appointments.values().removeIf(a -> ids.contains(a.user()));
        });
    }

    @Override
    public CompletionStage<Void> putAppointment(StoredAppointment a, UserRecord chargedUser) {
        return write(() -> {
            appointments.put(a.id(), a);
            users.put(chargedUser.id(), chargedUser);
        });
    }

    @Override
    public CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators) {
        return read(() -> appointments.values().stream().filter(a -> locators.contains(a.appointment().locator())).toList());
    }

    @Override
    public CompletionStage<Optional<StoredAppointment>> findAppointment(Locator locator, UserId user) {
        return read(() -> Optional.ofNullable(appointments.get(AppointmentId.of(locator, user))));
    }

    @Override
    public CompletionStage<List<Locator>> locatorsOf(UserId user) {
        return read(() -> appointments.values().stream().filter(a -> a.user().equals(user)).map(a -> a.appointment().locator()).toList());
    }

    @Override
    public CompletionStage<Void> removeAppointments(Collection<StoredAppointment> gone, Collection<UserRecord> updatedUsers) {
        return write(() -> {
            gone.forEach(a -> appointments.remove(a.id()));
            updatedUsers.forEach(u -> users.put(u.id(), u));
        });
    }

    @Override
    public CompletionStage<Long> forEachLocator(Consumer<Locator> sink) {
        return read(() -> {
            List<StoredAppointment> all = new ArrayList<>(appointments.values());
            all.forEach(a -> sink.accept(a.appointment().locator()));
            return (long) all.size();
        });
    }

    @Override
    public CompletionStage<List<Tracker>> loadTrackers() {
        return read(() -> List.copyOf(trackers.values()));
    }

    @Override
    public CompletionStage<Void> putTracker(Tracker t) {
        return write(() -> trackers.put(t.id(), t));
    }

    @Override
    public CompletionStage<Void> forgetTracker(AppointmentId tracker, java.util.Optional<UserRecord> refunded) {
        return write(() -> {
            trackers.remove(tracker);
            refunded.ifPresent(u -> users.put(u.id(), u));
        });
    }

    /** Runs {@code r} on the store thread and waits: a consistent view for assertions. */
    public <T> T inspect(Supplier<T> r) {
        return read(r).toCompletableFuture().join();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
