package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.gatekeeper.UserWrites;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.MonitorWrites;
import dev.vigil.towerserver.monitor.StoredEvent;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchRef;
import dev.vigil.towerserver.monitor.WatchWrites;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerWrites;
import dev.vigil.towerserver.responder.WriteScope;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The batch open on the tower thread, and the write interfaces the responder, the settlement and the
 * watcher write through: every write made while a block is processed goes into that block's one batch
 * (docs/tower-server.md, "Per-block work"); a carrier's answer outside a block gets a batch of its own
 * ({@link #within}).
 *
 * <p>Tower thread only (each method checks it). The block path is {@link #open}, the writes, then
 * {@link #commit}; a carrier answer that arrives while a block waits for its lookup joins the block's
 * batch, so it is applied after the block's earlier write of the same tracker, never before it.
 */
public final class BatchScope implements TrackerWrites, UserWrites, MonitorWrites, WatchWrites, WriteScope {
    private final BlockBatches batches;
    private final TowerThread tower;
    private final Gatekeeper gatekeeper;
    /** The open batch, or null. */
    private BlockWrites open;
    /** Completed with the open batch's commit. */
    private CompletableFuture<Void> committed;
    /** Users written into the open batch. */
    private final Set<UserId> users = new LinkedHashSet<>();

    public BatchScope(BlockBatches batches, TowerThread tower, Gatekeeper gatekeeper) {
        this.batches = Objects.requireNonNull(batches, "batches");
        this.tower = Objects.requireNonNull(tower, "tower");
        this.gatekeeper = Objects.requireNonNull(gatekeeper, "gatekeeper");
    }

    /** A block starts: opens its batch. */
    void open() {
        tower.checkOwner("opening a block's batch");
        if (open != null) {
            throw new IllegalStateException("a batch is already open");
        }
        open = batches.open();
        committed = new CompletableFuture<>();
        users.clear();
    }

    /**
     * The block's work is done: submits its batch with {@code tip}, as one task. The user records go in
     * as the gatekeeper holds them now: a request that changed a user while the block waited for a read
     * was stored by a task of its own, ahead of this batch, and an older copy of that user in the batch
     * must not overwrite it.
     */
    CompletionStage<Void> commit(Optional<ChainTip> tip) {
        BlockWrites batch = batch();
        for (UserId u : users) {
            gatekeeper.user(u).ifPresent(batch::putUser);
        }
        CompletableFuture<Void> done = committed;
        open = null;
        committed = null;
        batch.commit(tip).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
        return done.minimalCompletionStage();
    }

    /** The block's work failed half-way: nothing of its batch is written, and the store stops. */
    void abandon(Throwable why) {
        tower.checkOwner("abandoning a block's batch");
        if (open != null) {
            BlockWrites batch = open;
            CompletableFuture<Void> done = committed;
            open = null;
            committed = null;
            batch.abandon(why);
            done.completeExceptionally(why);
        }
    }

    /** Whether a block's batch is open. */
    boolean isOpen() {
        tower.checkOwner("reading the open batch");
        return open != null;
    }

    @Override
    public CompletionStage<Void> within(Runnable writes) {
        tower.checkOwner("writing");
        if (open != null) {
            writes.run();
            return committed.minimalCompletionStage();
        }
        open();
        try {
            writes.run();
        } catch (RuntimeException | Error e) {
            abandon(e);
            throw e;
        }
        return commit(Optional.empty());
    }

    void removeAppointments(Collection<StoredAppointment> appointments) {
        batch().removeAppointments(appointments);
    }

    @Override
    public void putTracker(Tracker tracker) {
        batch().putTracker(tracker);
    }

    @Override
    public void forgetTracker(AppointmentId tracker) {
        batch().forgetTracker(tracker);
    }

    @Override
    public void putUser(UserRecord user) {
        batch().putUser(user);
        users.add(user.id());
    }

    @Override
    public void deleteUsers(Collection<UserId> deleted) {
        batch().deleteUsers(deleted);
        users.removeAll(deleted);
    }

    @Override
    public void enrollUser(UserId user) {
        batch().enrollUser(user);
    }

    @Override
    public void appendEvent(StoredEvent event, EventBounds bounds) {
        batch().appendEvent(event, bounds);
    }

    @Override
    public void pruneEventsBelow(long belowHeight, int max) {
        batch().pruneEventsBelow(belowHeight, max);
    }

    @Override
    public void putWatch(StoredWatch watch) {
        batch().putWatch(watch);
    }

    @Override
    public void removeWatch(WatchRef watch) {
        batch().removeWatch(watch);
    }

    private BlockWrites batch() {
        tower.checkOwner("writing into the open batch");
        if (open == null) {
            throw new IllegalStateException("no batch is open: every write goes into a block's or an answer's batch");
        }
        return open;
    }
}
