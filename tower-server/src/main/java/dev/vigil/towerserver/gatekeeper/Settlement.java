package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerSettlement;
import dev.vigil.towerserver.responder.TrackerWrites;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.Objects;
import java.util.Optional;

/**
 * Settles a breach the responder is done with: the tracker leaves the store and, when due, its
 * appointment's slots go back to the user, in the open batch, so in one commit: a crash can neither
 * lose a refund nor pay it twice (rust-teos: the Responder hands the Gatekeeper the slots of every
 * tracker it drops).
 *
 * <p>Runs on the tower thread, which owns the gatekeeper. The refund is made in memory at once; a batch
 * that is not committed stops the tower, and the stored tracker is resumed, and refunded, at the next
 * start.
 */
public final class Settlement implements TrackerSettlement {
    private final Gatekeeper gatekeeper;
    private final TrackerWrites trackers;
    private final UserWrites users;
    private final TowerThread tower;

    public Settlement(Gatekeeper gatekeeper, TrackerWrites trackers, UserWrites users, TowerThread tower) {
        this.gatekeeper = Objects.requireNonNull(gatekeeper, "gatekeeper");
        this.trackers = Objects.requireNonNull(trackers, "trackers");
        this.users = Objects.requireNonNull(users, "users");
        this.tower = Objects.requireNonNull(tower, "tower");
    }

    @Override
    public void forget(Tracker t, boolean refund) {
        tower.checkOwner("settling a tracker");
        Optional<UserRecord> refunded = refund ? gatekeeper.refund(t.user(), t.slots()) : Optional.empty();
        trackers.forgetTracker(t.id());
        refunded.ifPresent(users::putUser);
    }
}
