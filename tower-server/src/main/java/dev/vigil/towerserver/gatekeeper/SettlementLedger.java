package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.AppointmentId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: the one commit that settles an answered breach, for the {@link Settlement}.
 *
 * <p><b>Contract.</b> As {@link UserLedger}: completes after the commit, on the store's thread; a failed
 * stage means nothing of it is durable; never blocks the caller.
 */
public interface SettlementLedger {
    /**
     * Deletes the tracker of an answered breach and, in the same commit, stores {@code refunded} (its
     * user with the appointment's slots given back) when present. Deleting a missing tracker is not an
     * error.
     */
    CompletionStage<Void> forgetTracker(AppointmentId tracker, Optional<UserRecord> refunded);
}
