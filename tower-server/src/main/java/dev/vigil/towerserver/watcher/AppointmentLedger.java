package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Port: the durable record of appointments, for the watcher. Blobs live here (on disk), not in
 * memory; the watcher keeps only a compact locator index, rebuilt with {@link #forEachLocator}.
 *
 * <p><b>Contract.</b> Same durability, ordering and threading rules as {@code UserLedger}: a write
 * completes after its commit; writes from one caller apply in issue order; stages complete on the
 * store's owner thread; nothing blocks the caller. Reads see every write whose stage has completed.
 */
public interface AppointmentLedger {
    /**
     * Stores {@code appointment}, replacing the same user's appointment on the same locator if there
     * is one, and writes {@code chargedUser} (the user with the slots after this charge or refund)
     * in the same commit, so slots and appointments never disagree after a crash.
     */
    CompletionStage<Void> putAppointment(StoredAppointment appointment, UserRecord chargedUser);

    /** The appointments of every user on any of {@code locators} (a block's index hits). */
    CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators);

    /** The user's appointment on {@code locator}, if any. */
    CompletionStage<Optional<StoredAppointment>> findAppointment(Locator locator, UserId user);

    /** The locators of every appointment the user has. */
    CompletionStage<List<Locator>> locatorsOf(UserId user);

    /**
     * Removes these appointments (triggered, or found invalid) and writes {@code updatedUsers} (slot
     * refunds, if any) in the same commit. Removing an appointment that is not there is not an error.
     */
    CompletionStage<Void> removeAppointments(Collection<StoredAppointment> appointments, Collection<UserRecord> updatedUsers);

    /**
     * Deletes the tracker of an answered breach and, in the same commit, stores {@code refunded} (its
     * user with the appointment's slots given back) when present. Deleting a missing tracker is not an
     * error.
     */
    CompletionStage<Void> forgetTracker(AppointmentId tracker, Optional<UserRecord> refunded);

    /**
     * Feeds every stored locator to {@code sink} (once per appointment), for rebuilding the in-memory
     * index at start-up; {@code sink} runs on the store's thread and must not block. Completes with
     * the number of appointments.
     */
    CompletionStage<Long> forEachLocator(Consumer<Locator> sink);
}
