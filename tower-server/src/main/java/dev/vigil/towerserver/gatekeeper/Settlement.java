package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerSettlement;
import dev.vigil.towerserver.tower.TowerThread;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Settles a breach the responder is done with: the tracker leaves the store and, when due, its
 * appointment's slots go back to the user, in one commit, so a crash can neither lose a refund nor pay
 * it twice (rust-teos: the Responder hands the Gatekeeper the slots of every tracker it drops).
 *
 * <p>Runs on the tower thread, which owns the gatekeeper. If the commit fails the refund is taken back
 * in memory too: the stored tracker is resumed, and refunded, at the next start.
 */
public final class Settlement implements TrackerSettlement {
    private static final System.Logger LOG = System.getLogger(Settlement.class.getName());

    private final Gatekeeper gatekeeper;
    private final SettlementLedger ledger;
    private final TowerThread tower;

    public Settlement(Gatekeeper gatekeeper, SettlementLedger ledger, TowerThread tower) {
        this.gatekeeper = Objects.requireNonNull(gatekeeper, "gatekeeper");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.tower = Objects.requireNonNull(tower, "tower");
    }

    @Override
    public CompletionStage<Void> forget(Tracker t, boolean refund) {
        tower.checkOwner("settling a tracker");
        Optional<UserRecord> refunded = refund ? gatekeeper.refund(t.user(), t.slots()) : Optional.empty();
        return ledger.forgetTracker(t.id(), refunded).whenCompleteAsync((v, e) -> {
            if (e != null) {
                refunded.ifPresent(u -> gatekeeper.undoRefund(t.user(), t.slots()));
                LOG.log(Level.WARNING, "forgetting the tracker " + t.id() + (refunded.isPresent() ? " and refunding "
                        + t.slots() + " slots to " + t.user() : "") + " was not stored: " + e);
            }
        }, tower);
    }
}
