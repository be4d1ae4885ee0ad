package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveResponse;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Port: what the monitoring routes ask of the tower (docs/monitoring.md 5.2), one method per route,
 * each answering with a sealed outcome. {@link MonitorOutcomes} is the one place that turns these
 * outcomes into HTTP statuses and error codes.
 *
 * <p><b>Contract.</b> As {@link TowerService}: never blocks the caller (an event loop); signature
 * recovery and storage happen elsewhere, and stages may complete on any thread. A success outcome
 * is returned only after everything it promises is durable: a pull that enrolls its user answers
 * once the user's log is committed. Stages never complete exceptionally for expected situations; an
 * exceptional stage is a bug or an I/O failure and is answered as {@code UNEXPECTED_ERROR}.
 */
public interface EventService {
    /** {@code GET /monitor/info}: unauthenticated, and answered whether or not bitcoind is reachable. Any thread. */
    InfoResponse info();

    /**
     * {@code POST /monitor/events}: the signer's events after a cursor. Needs no node (it reads the
     * log), so it is answered while bitcoind is unreachable; an expired user may still pull until the
     * gatekeeper deletes it (5.1).
     */
    CompletionStage<EventsOutcome> events(EventsRequest request);

    /**
     * {@code POST /monitor/watch/add} (1.3): charges one slot and answers with the tower's receipt once
     * the watch is durable. Needs an active subscription and a reachable node (the watch would not be
     * watched otherwise).
     */
    CompletionStage<WatchAddOutcome> watchAdd(WatchAddRequest request);

    /** {@code POST /monitor/watch/remove}: frees the watch's slot once its removal is durable. */
    CompletionStage<WatchRemoveOutcome> watchRemove(WatchRemoveRequest request);

    /** Outcomes every authenticated monitoring request may have (5.1, 5.5). */
    sealed interface MonitorRefusal extends EventsOutcome, WatchAddOutcome, WatchRemoveOutcome {}

    /** Only where the request changes what is watched: the subscription ended at {@code expiry} (teos's 7 wording). */
    record SubscriptionEnded(long expiry) implements MonitorRefusal {}

    /** Only where the request changes what is watched: bitcoind is unreachable (teos: 503, code 32). */
    record NodeUnavailable() implements MonitorRefusal {}

    /** The signature recovers no registered user (or does not parse): teos's 7, "User cannot be authenticated". */
    record UnknownSigner() implements MonitorRefusal {}

    /** The operator turned monitoring off for this user ({@code monitor.users.deny}): code 120. */
    record MonitoringDenied() implements MonitorRefusal {}

    /**
     * The request's {@code height} is outside {@code [tip - 6, tip + 1]} (a replay, or a wallet that
     * is far behind): code 129, with the tower's height so the wallet can sign again at once.
     */
    record HeightOutOfRange(long towerHeight) implements MonitorRefusal {}

    sealed interface EventsOutcome {}

    /** The page, with its events in cursor order. */
    record Page(EventsPage page) implements EventsOutcome {
        public Page {
            Objects.requireNonNull(page, "page");
        }
    }

    sealed interface WatchAddOutcome {}

    /** Registered (or already registered: the same answer, charged once). */
    record Watched(WatchAddResponse response) implements WatchAddOutcome {
        public Watched {
            Objects.requireNonNull(response, "response");
        }
    }

    /** The operator does not take this kind of watch ({@code monitor.watches.kinds}): code 122. */
    record KindNotTaken(String kind) implements WatchAddOutcome {
        public KindNotTaken {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The user holds {@code max} watches already ({@code monitor.watches.max-per-user}): code 123. */
    record TooManyWatches(int max) implements WatchAddOutcome {}

    /** No slot left for the watch: teos's answer for an appointment without slots. */
    record NoSlotForWatch() implements WatchAddOutcome {}

    sealed interface WatchRemoveOutcome {}

    record Unwatched(WatchRemoveResponse response) implements WatchRemoveOutcome {
        public Unwatched {
            Objects.requireNonNull(response, "response");
        }
    }

    /** The user holds no watch of that id: code 121. */
    record NoSuchWatch() implements WatchRemoveOutcome {}

    /** {@code after} is beyond the user's head: the wallet's cursor belongs to another tower or a deleted log (code 125). */
    record CursorAhead(long head) implements EventsOutcome {}
}
