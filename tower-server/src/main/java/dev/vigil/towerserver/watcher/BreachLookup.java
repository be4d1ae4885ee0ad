package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: a block's appointments, for the watcher's block path: one batch read of the locators the
 * index flagged, and the retirement of the appointments a block answered (lnd's
 * {@code lookout.DB.QueryMatches}).
 *
 * <p><b>Contract.</b> As {@link AppointmentBook}. A read issued ahead of every write of the store's
 * current batch completes without waiting for that batch's commit, which is why the watcher issues a
 * block's lookup before the block's writes.
 */
public interface BreachLookup {
    /** The appointments of every user on any of {@code locators} (a block's index hits). */
    CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators);

    /**
     * Removes these appointments (triggered, or found invalid) and writes {@code updatedUsers} (slot
     * refunds, if any) in the same commit. Removing an appointment that is not there is not an error.
     */
    CompletionStage<Void> removeAppointments(Collection<StoredAppointment> appointments, Collection<UserRecord> updatedUsers);
}
