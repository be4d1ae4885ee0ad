package dev.vigil.towerserver.responder;

/**
 * Port: what the tower records when the responder forgets a tracker (resolved, or given up).
 *
 * <p><b>Contract.</b> Called on the responder's owner thread (the tower thread), once per forgotten
 * tracker, while a batch is open ({@link WriteScope}); never blocks. It adds to that batch the
 * tracker's removal and everything else the forgetting implies (the user's slots given back when
 * {@code refund}), so they land in one commit and a crash can neither lose a refund nor pay it twice.
 * A batch that is not committed stops the tower; the stored tracker is resumed at the next start.
 */
public interface TrackerSettlement {
    void forget(Tracker tracker, boolean refund);
}
