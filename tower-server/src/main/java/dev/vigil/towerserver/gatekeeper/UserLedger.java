package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.UserId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port: the durable record of users, for the gatekeeper.
 *
 * <p><b>Contract.</b> Every write completes only after the commit that makes it durable (it survives
 * {@code kill -9} from then on); a receipt that depends on it is sent after completion, never before.
 * Writes from one caller are applied in the order they were issued. Stages complete on the store's
 * owner thread: callers hop back to their own context (Vert.x: {@code Future.fromCompletionStage}).
 * Nothing blocks the caller. A failed stage means the write is not durable and must be treated as
 * not done (the request fails; nothing is acknowledged).
 */
public interface UserLedger {
    /** Every user, for the gatekeeper's in-memory copy at start-up. */
    CompletionStage<List<UserRecord>> loadUsers();

    /** Creates or replaces the user (registration, top-up, slot change). */
    CompletionStage<Void> putUser(UserRecord user);

    /**
     * Deletes expired users and, in the same commit, every appointment they still have. Trackers of
     * breaches already answered are kept until they resolve: the tower finishes what it started.
     */
    CompletionStage<Void> deleteUsers(Collection<UserId> users);
}
