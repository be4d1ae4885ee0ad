package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.AppointmentId;

/**
 * Port: the responder's tracker writes, into the batch that is open on the tower thread (a block's,
 * or the one {@link WriteScope#within} opens for a carrier's answer).
 *
 * <p><b>Contract.</b> Tower thread only; not thread-safe; never blocks and never touches the store:
 * each call encodes the write and adds it to the open batch, in call order, and nothing of it is
 * durable until that batch's one commit (all of the batch or none of it). A call while no batch is
 * open is a bug and throws {@link IllegalStateException}.
 */
public interface TrackerWrites {
    /** Creates or replaces the tracker with this id. */
    void putTracker(Tracker tracker);

    /** Deletes the tracker with this id; deleting a missing one is not an error. */
    void forgetTracker(AppointmentId tracker);
}
