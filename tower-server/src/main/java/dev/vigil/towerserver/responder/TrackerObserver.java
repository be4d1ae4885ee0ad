package dev.vigil.towerserver.responder;

import java.util.Optional;

/**
 * Told every change of a tracker (the metrics' breach counter, the status page's recent breaches).
 * Contract: called on the tower thread, after the responder's own state changed and before the
 * change's writes are durable, so it must not block, must not call back into the responder, and must
 * only record what it is given (publishing it to other threads is its own business).
 */
@FunctionalInterface
public interface TrackerObserver {
    /** Observes nothing. */
    TrackerObserver NONE = (before, after) -> { };

    /**
     * A tracker changed: {@code before} empty and {@code after} present is a new breach being answered;
     * both present, a transition (the status may be the same); {@code after} empty, the tracker was
     * forgotten (irrevocable, or given up; the log says why).
     */
    void changed(Optional<Tracker> before, Optional<Tracker> after);
}
