package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;

/**
 * Port: channel monitoring's writes into the batch open on the tower thread (a block's, or a
 * request's or an answer's own), implemented by the store's batch.
 *
 * <p><b>Contract.</b> As {@code responder.TrackerWrites}: tower thread only, not thread-safe, never
 * blocks and never touches the store; each call is added to the open batch in call order and is
 * durable only with that batch's one commit (all of it or none). Without an open batch a call throws
 * {@link IllegalStateException}. The bookkeeping of a user's log (its head, oldest cursor, event count
 * and bytes) is the store's, done inside the commit, so it always agrees with the events stored.
 */
public interface MonitorWrites {
    /** Creates the user's monitoring record (head 0, nothing stored) unless it has one already. */
    void enrollUser(UserId user);

    /**
     * Appends the event to its user's log (the user is enrolled, by this batch or an earlier one; its
     * cursor is above every cursor of the user stored so far) and then deletes the user's oldest events
     * until the log is within {@code bounds}; the event itself is never deleted by its own append.
     */
    void appendEvent(StoredEvent event, EventBounds bounds);

    /**
     * Deletes events made at heights below {@code belowHeight}, oldest first, at most {@code max} of
     * them (the rest go at a later call).
     */
    void pruneEventsBelow(long belowHeight, int max);
}
