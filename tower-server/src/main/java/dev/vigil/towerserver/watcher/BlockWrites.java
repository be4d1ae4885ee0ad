package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerserver.gatekeeper.UserWrites;
import dev.vigil.towerserver.monitor.MonitorWrites;
import dev.vigil.towerserver.monitor.WatchWrites;
import dev.vigil.towerserver.responder.TrackerWrites;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: one open batch of writes (a block's, or a carrier answer's), implemented by the store's
 * {@code BlockBatch}: the responder's, the gatekeeper's and channel monitoring's write interfaces (events and watches) and the watcher's own
 * appointment removals, committed whole.
 *
 * <p><b>Contract.</b> Tower thread only; not thread-safe. The write methods encode on the calling
 * thread and only add to the batch, in call order; nothing reaches the store until {@link #commit},
 * which submits every write (and the tip) as <b>one</b> store task, applied whole in one commit: after
 * a crash the store holds all of the batch or none of it. A batch is committed at most once, and
 * nothing may be added after.
 */
public interface BlockWrites extends TrackerWrites, UserWrites, MonitorWrites, WatchWrites {
    /** Removes these appointments (answered, or found invalid); removing a missing one is not an error. */
    void removeAppointments(Collection<StoredAppointment> appointments);

    /**
     * Submits the batch, with {@code tip} as the stored chain tip when present. The stage completes on
     * the store's thread once the batch is durable; if it fails, the store stops (every later operation
     * is refused and {@code TowerStore.stopped()} completes): the tower's in-memory state is ahead of the
     * store, and only a restart, which replays the block, can rebuild it.
     */
    CompletionStage<Void> commit(Optional<ChainTip> tip);

    /**
     * Drops the batch unwritten because the work that filled it failed half-way; the store stops as for
     * a failed commit, for the same reason.
     */
    void abandon(Throwable why);
}
