package dev.vigil.towerserver.responder;

import java.util.Objects;

/** What the shell must do after a transition, in list order. */
public sealed interface TrackerAction {
    /** Send the dispute or the penalty to bitcoind; its answer comes back as {@link TrackerEvent.Answered}. */
    record Send(TrackerEvent.Which which) implements TrackerAction {
        public Send {
            Objects.requireNonNull(which, "which");
        }
    }

    /** Durably store the tracker's new state. */
    record Persist(Tracker tracker) implements TrackerAction {
        public Persist {
            Objects.requireNonNull(tracker, "tracker");
        }
    }

    /** The tracker is done: delete it, and give the user back the appointment's slots if {@code refund}. */
    record Forget(Tracker tracker, boolean refund, String why) implements TrackerAction {
        public Forget {
            Objects.requireNonNull(tracker, "tracker");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Tell the user's channel-monitoring log ({@link TrackerNews}). Comes after the transition's
     * {@link Persist}; a retractable news' cursor is then kept in the tracker.
     */
    record Announce(TrackerNews.News news) implements TrackerAction {
        public Announce {
            Objects.requireNonNull(news, "news");
        }
    }

    /** Something an operator should read. */
    record Report(Severity severity, String message) implements TrackerAction {
        public Report {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    enum Severity { INFO, WARN, ERROR }
}
