package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Locator;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: a block's appointments, for the watcher's block path: one batch read of the locators the
 * index flagged (lnd's {@code lookout.DB.QueryMatches}); the block retires the appointments it
 * answered through its batch ({@link BlockWrites}).
 *
 * <p><b>Contract.</b> As {@link AppointmentBook}. A read issued ahead of every write of the store's
 * current batch completes without waiting for that batch's commit, which is why the watcher issues a
 * block's lookup before the block's batch.
 */
public interface BreachLookup {
    /** The appointments of every user on any of {@code locators} (a block's index hits). */
    CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators);

}
