package dev.vigil.towerserver.app;

import dev.vigil.config.Network;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.admin.AdminQueries;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.store.BackupRefusedException;
import dev.vigil.towerserver.store.StoreUnavailableException;
import dev.vigil.towerserver.store.TowerStore;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.StoredAppointment;
import dev.vigil.towerserver.watcher.Watcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The admin commands' view of a running tower: what the gatekeeper, the locator index and the responder
 * hold is read on the tower thread that owns them (a task queued behind the decisions already under way),
 * what the store holds through its stages. Nothing here blocks its caller.
 */
final class TowerAdminQueries implements AdminQueries {
    /** What the queries read. */
    record Parts(TowerId towerId, Network network, TowerThread tower, Watcher watcher, Gatekeeper gatekeeper,
            LocatorPrefixIndex index, Responder responder, TowerStore store) {
        Parts {
            Objects.requireNonNull(towerId, "towerId");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(watcher, "watcher");
            Objects.requireNonNull(gatekeeper, "gatekeeper");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(responder, "responder");
            Objects.requireNonNull(store, "store");
        }
    }

    private final Parts p;

    TowerAdminQueries(Parts parts) {
        this.p = Objects.requireNonNull(parts, "parts");
    }

    /** {@code read} on the tower thread. */
    private <T> CompletionStage<T> onTower(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, p.tower());
    }

    /** A store stage whose stopped-store failure reads as {@link AdminQueries.Unavailable}. */
    private static <T> CompletionStage<T> stored(CompletionStage<T> stage) {
        return stage.handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StoreUnavailableException u) {
                throw new AdminQueries.Unavailable(u.getMessage(), u);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    @Override
    public CompletionStage<TowerInfo> towerInfo() {
        Watcher w = p.watcher();
        return onTower(() -> new TowerInfo(p.towerId(), p.gatekeeper().userCount(), p.index().size(), p.responder().size(),
                w.nodeReachable(), p.network().configName(), Math.max(0, w.tip()), Math.max(0, w.nodeBest())));
    }

    @Override
    public CompletionStage<List<UserId>> users() {
        return onTower(() -> p.gatekeeper().users().stream().map(UserRecord::id).sorted(Comparator.comparing(UserId::toHex)).toList());
    }

    /** What the tower thread holds of a user. */
    private record Held(UserRecord user, List<Locator> trackers) {}

    @Override
    public CompletionStage<Optional<UserDetails>> user(UserId id) {
        return onTower(() -> p.gatekeeper().user(id).map(u -> new Held(u, p.responder().locatorsOf(id))))
                .thenCompose(held -> held.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<UserDetails>empty())
                        : stored(p.store().locatorsOf(id)).thenApply(watched -> Optional.of(new UserDetails(held.get().user(),
                                watched, held.get().trackers().stream().sorted(Comparator.comparing(Locator::toHex)).toList()))));
    }

    @Override
    public CompletionStage<LocatorMatches> appointments(Locator locator) {
        return onTower(() -> p.responder().all().stream().filter(t -> t.locator().equals(locator)).toList())
                .thenCompose(trackers -> stored(p.store().findByLocators(List.of(locator)))
                        .thenApply(appointments -> new LocatorMatches(appointments, trackers)));
    }

    @Override
    public CompletionStage<Page> allAppointments(Optional<Cursor> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (after.isPresent() && after.get() instanceof Cursor.AfterTracker t) {
            return trackerPage(List.of(), Optional.of(t.id()), limit);
        }
        Optional<TowerStore.AppointmentKey> key = after.map(c -> (Cursor.AfterAppointment) c)
                .map(a -> new TowerStore.AppointmentKey(a.locator(), a.user()));
        // One more than fits tells whether another page follows.
        return stored(p.store().appointmentsAfter(key, limit + 1)).thenCompose(appointments -> {
            if (appointments.size() > limit) {
                List<StoredAppointment> page = appointments.subList(0, limit);
                StoredAppointment last = page.get(limit - 1);
                return CompletableFuture.completedFuture(new Page(page, List.of(),
                        Optional.of(new Cursor.AfterAppointment(last.appointment().locator(), last.user()))));
            }
            return trackerPage(appointments, Optional.empty(), limit);
        });
    }

    /** The page's trackers after {@code after}, behind {@code appointments} (the last of those, if no tracker fits). */
    private CompletionStage<Page> trackerPage(List<StoredAppointment> appointments, Optional<AppointmentId> after, int limit) {
        int room = limit - appointments.size();
        return stored(p.store().trackersAfter(after, room + 1)).thenApply(trackers -> {
            if (trackers.size() <= room) {
                return new Page(appointments, trackers, Optional.empty());
            }
            List<Tracker> page = trackers.subList(0, room);
            Cursor next;
            if (!page.isEmpty()) {
                next = new Cursor.AfterTracker(page.get(room - 1).id());
            } else {
                StoredAppointment last = appointments.get(appointments.size() - 1);
                next = new Cursor.AfterAppointment(last.appointment().locator(), last.user());
            }
            return new Page(appointments, new ArrayList<>(page), Optional.of(next));
        });
    }

    @Override
    public CompletionStage<List<Tracker>> trackers() {
        return onTower(() -> p.responder().all());
    }

    @Override
    public CompletionStage<BackupOutcome> backup(Path target) {
        return p.store().backup(target).handle((b, e) -> {
            if (e == null) {
                return (BackupOutcome) new BackupOutcome.Written(b.path(), b.bytes(), b.tipHeight());
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BackupRefusedException r) {
                return new BackupOutcome.Refused(r.getMessage());
            }
            if (cause instanceof StoreUnavailableException u) {
                throw new AdminQueries.Unavailable(u.getMessage(), u);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }
}
