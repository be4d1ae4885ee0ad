package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one pull of a tower's events came to ({@code POST /monitor/events}, docs/monitoring.md 5.2, 6.1). */
public sealed interface EventPage {
    TowerId tower();

    /**
     * The tower answered with a page. {@code events} are the ones not delivered before in this process,
     * in cursor order, each verified (its signature recovers to the configured tower id, it is for our
     * user there, its {@code id} recomputes from its cursor, and its cursor is above {@code after} and
     * above the page's previous one); {@code event().head().cursor()} is what the wallet
     * {@link TowerClient#acknowledge acknowledges} once it has handled it. {@code head},
     * {@code oldestCursor} and {@code gap} are the tower's: {@code gap} says events after {@code after}
     * were pruned before the wallet read them (2.3), so it should recheck its channels.
     * {@code towerHeight} is the tower's tip when it answered. Fewer events than asked for with
     * {@code head} above the last one means some were dropped as already delivered.
     *
     * <p>{@code misbehaviour} is present when the page held an event that failed the checks: that event
     * is not in {@code events}, the tower is now marked misbehaving with the event as proof
     * ({@link Misbehaviour#badEvent()}), and it will not be asked again; the events that did verify are
     * still here (each is a fact the tower signed).
     */
    record Events(TowerId tower, long after, List<SignedEvent> events, long head, long oldestCursor, boolean gap,
                  long towerHeight, Optional<Misbehaviour> misbehaviour) implements EventPage {
        public Events {
            Objects.requireNonNull(tower, "tower");
            if (after < 0 || head < 0 || oldestCursor < 0) {
                throw new IllegalArgumentException("cursors are unsigned");
            }
            List<SignedEvent> copy = new ArrayList<>(events);
            copy.forEach(e -> Objects.requireNonNull(e, "event"));
            events = Collections.unmodifiableList(copy);
            Uint32.check("towerHeight", towerHeight);
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }
    }

    /** No answer (refused, timeout, DNS, proxy): nothing changed; pull again later. */
    record Unreachable(TowerId tower, String reason) implements EventPage {
        public Unreachable {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The tower says {@code after} (the wallet's acknowledged cursor) is beyond its log's head (code
     * 125): the cursor belongs to another tower or to a user the tower deleted.
     */
    record CursorAhead(TowerId tower, long after, String detail) implements EventPage {
        public CursorAhead {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The tower does not know our user (code 7): never registered there, or deleted after its subscription ended. */
    record UnknownUser(TowerId tower, String detail) implements EventPage {
        public UnknownUser {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Any other answer: another error (monitoring off, a 5xx, a route the server does not have), an
     * answer that is not a page, or a height the tower refused again after the one retry.
     */
    record Failed(TowerId tower, int httpStatus, String detail) implements EventPage {
        public Failed {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The tower was already marked misbehaving: it was not asked. */
    record Misbehaving(Misbehaviour misbehaviour) implements EventPage {
        public Misbehaving {
            Objects.requireNonNull(misbehaviour, "misbehaviour");
        }

        @Override
        public TowerId tower() {
            return misbehaviour.tower();
        }
    }
}
