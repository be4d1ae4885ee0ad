package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
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

    /** Outcomes every authenticated monitoring request may have (5.1, 5.5). */
    sealed interface MonitorRefusal extends EventsOutcome {}

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

    /** {@code after} is beyond the user's head: the wallet's cursor belongs to another tower or a deleted log (code 125). */
    record CursorAhead(long head) implements EventsOutcome {}
}
