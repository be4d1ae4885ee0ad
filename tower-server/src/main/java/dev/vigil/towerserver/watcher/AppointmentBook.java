package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: the durable appointments of each user, for intake and the API's reads. Blobs live here (on
 * disk), not in memory.
 *
 * <p><b>Contract.</b> As {@code UserLedger}: a write completes after its commit, and a failed stage
 * means nothing of it is durable; writes from one caller apply in issue order; stages complete on the
 * store's owner thread; nothing blocks the caller. Reads see every write whose stage has completed.
 */
public interface AppointmentBook {
    /**
     * Stores {@code appointment}, replacing the same user's appointment on the same locator if there
     * is one, and writes {@code chargedUser} (the user with the slots after this charge or refund)
     * in the same commit, so slots and appointments never disagree after a crash.
     */
    CompletionStage<Void> putAppointment(StoredAppointment appointment, UserRecord chargedUser);

    /** The user's appointment on {@code locator}, if any. */
    CompletionStage<Optional<StoredAppointment>> findAppointment(Locator locator, UserId user);

    /** The locators of every appointment the user has. */
    CompletionStage<List<Locator>> locatorsOf(UserId user);
}
