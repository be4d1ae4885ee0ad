package dev.vigil.towerserver.responder;

import java.util.concurrent.CompletionStage;

/**
 * Port: what the tower records when the responder forgets a tracker (resolved, or given up).
 *
 * <p><b>Contract.</b> Called on the responder's owner thread (the tower thread), once per forgotten
 * tracker; never blocks. The returned stage completes after one commit that removes the tracker and,
 * in the same commit, records everything else the forgetting implies (the user's slots given back
 * when {@code refund}), so a crash can neither lose a refund nor pay it twice. A failed stage means
 * nothing of it is durable: the stored tracker is resumed at the next start.
 */
public interface TrackerSettlement {
    CompletionStage<Void> forget(Tracker tracker, boolean refund);
}
