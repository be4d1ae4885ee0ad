package dev.vigil.towerserver.gatekeeper;

import dev.vigil.towerprotocol.UserId;
import java.util.Collection;

/**
 * Port: user writes into the batch open on the tower thread (a block's, or an answer's): the
 * settlement's refunds and the block's expiries.
 *
 * <p><b>Contract.</b> As {@code responder.TrackerWrites}: tower thread only, not thread-safe, never
 * blocks; each call is added to the open batch in call order and is durable only with that batch's
 * one commit. Without an open batch a call throws {@link IllegalStateException}.
 */
public interface UserWrites {
    /** Creates or replaces the user. */
    void putUser(UserRecord user);

    /**
     * Deletes the users and every appointment they still have; their trackers stay until they resolve
     * (the tower finishes what it started).
     */
    void deleteUsers(Collection<UserId> users);
}
