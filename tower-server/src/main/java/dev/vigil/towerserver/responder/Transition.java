package dev.vigil.towerserver.responder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one event: the tracker's next state (empty once it is forgotten) and the actions
 * the shell performs, in order.
 */
public record Transition(Optional<Tracker> next, List<TrackerAction> actions) {
    public Transition {
        Objects.requireNonNull(next, "next");
        actions = List.copyOf(actions);
    }
}
