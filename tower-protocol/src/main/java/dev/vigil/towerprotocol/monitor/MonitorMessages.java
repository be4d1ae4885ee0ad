package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bodies of the monitoring routes (docs/monitoring.md 5.2). {@link MonitorJson} maps them to and
 * from JSON; each signed request knows the message its signature covers ({@link MonitorRequests}).
 */
public final class MonitorMessages {
    private MonitorMessages() {}

    /** What a watch is registered on: {@code {"hint": …}} or {@code {"outpoint": …}}. */
    public sealed interface Watch {
        WatchKind kind();

        /** The watch's index key, {@code watch_id}. */
        WatchId id();

        /** A 16-byte hint (1.1). */
        record Hint(WatchHint hint) implements Watch {
            public Hint {
                Objects.requireNonNull(hint, "hint");
            }

            @Override
            public WatchKind kind() {
                return WatchKind.HINT;
            }

            @Override
            public WatchId id() {
                return WatchId.of(hint);
            }
        }

        /** The funding outpoint itself. */
        record ByOutpoint(Outpoint outpoint) implements Watch {
            public ByOutpoint {
                Objects.requireNonNull(outpoint, "outpoint");
            }

            @Override
            public WatchKind kind() {
                return WatchKind.OUTPOINT;
            }

            @Override
            public WatchId id() {
                return WatchId.of(outpoint);
            }
        }
    }

    /** {@code POST /monitor/watch/add}. */
    public record WatchAddRequest(Watch watch, long height, String signature) {
        public WatchAddRequest {
            Objects.requireNonNull(watch, "watch");
            Uint32.check("height", height);
            Objects.requireNonNull(signature, "signature");
        }

        /** The bytes {@code signature} signs. */
        public byte[] message(TowerId tower) {
            return watch instanceof Watch.Hint h ? MonitorRequests.watchAdd(tower, height, h.hint())
                    : MonitorRequests.watchAdd(tower, height, ((Watch.ByOutpoint) watch).outpoint());
        }
    }

    /** The answer to {@code watch/add}; {@code receipt} is the tower's signature over the {@link WatchReceipt}. */
    public record WatchAddResponse(WatchId watchId, WatchKind kind, long startHeight, long availableSlots,
            long subscriptionExpiry, String receipt) {
        public WatchAddResponse {
            Objects.requireNonNull(watchId, "watchId");
            Objects.requireNonNull(kind, "kind");
            Uint32.check("start_height", startHeight);
            Uint32.check("available_slots", availableSlots);
            Uint32.check("subscription_expiry", subscriptionExpiry);
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** {@code POST /monitor/watch/remove}. */
    public record WatchRemoveRequest(WatchId watchId, long height, String signature) {
        public WatchRemoveRequest {
            Objects.requireNonNull(watchId, "watchId");
            Uint32.check("height", height);
            Objects.requireNonNull(signature, "signature");
        }

        public byte[] message(TowerId tower) {
            return MonitorRequests.watchRemove(tower, height, watchId);
        }
    }

    /** The answer to {@code watch/remove}. */
    public record WatchRemoveResponse(WatchId watchId, long availableSlots) {
        public WatchRemoveResponse {
            Objects.requireNonNull(watchId, "watchId");
            Uint32.check("available_slots", availableSlots);
        }
    }

    /**
     * The body of {@code watch/list}, {@code webhook/remove} and {@code webhook/status}: only a height
     * and a signature; the route says which message was signed.
     */
    public record HeightRequest(long height, String signature) {
        public HeightRequest {
            Uint32.check("height", height);
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** {@code POST /monitor/events}: the events after {@code after}, at most {@code limit} (100 when absent). */
    public record EventsRequest(long after, int limit, long height, String signature) {
        public EventsRequest {
            if (after < 0) {
                throw new IllegalArgumentException("after is a cursor, got " + after);
            }
            if (limit < 1 || limit > MonitorRequests.MAX_EVENTS_LIMIT) {
                throw new IllegalArgumentException("limit must be in [1, " + MonitorRequests.MAX_EVENTS_LIMIT + "], got " + limit);
            }
            Uint32.check("height", height);
            Objects.requireNonNull(signature, "signature");
        }

        public byte[] message(TowerId tower) {
            return MonitorRequests.events(tower, height, after, limit);
        }
    }

    /** The answer to a pull: events in cursor order, the log's head and oldest cursor, whether some were pruned unread. */
    public record EventsPage(List<SignedEvent> events, long head, long oldestCursor, boolean gap, long height) {
        public EventsPage {
            List<SignedEvent> copy = new ArrayList<>(events);
            copy.forEach(e -> Objects.requireNonNull(e, "event"));
            events = Collections.unmodifiableList(copy);
            if (head < 0 || oldestCursor < 0) {
                throw new IllegalArgumentException("cursors are unsigned");
            }
            Uint32.check("height", height);
        }
    }

    /** {@code POST /monitor/stream/challenge}: unsigned. */
    public record ChallengeRequest(UserId userId) {
        public ChallengeRequest {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** The answer to a challenge request: 32 random bytes, single-use. */
    public record ChallengeResponse(Bytes challenge, long expiresInS) {
        public ChallengeResponse {
            Bytes.requireLength(challenge, MonitorRequests.CHALLENGE_LENGTH, "a stream challenge");
            Uint32.check("expires_in_s", expiresInS);
        }
    }

    /** {@code POST /monitor/webhook/set}. */
    public record WebhookSetRequest(String url, long height, String signature) {
        public WebhookSetRequest {
            Objects.requireNonNull(url, "url");
            Uint32.check("height", height);
            Objects.requireNonNull(signature, "signature");
        }

        public byte[] message(TowerId tower) {
            return MonitorRequests.webhookSet(tower, height, url);
        }
    }

    /** {@code GET /monitor/info}: what this tower's monitoring offers. */
    public record InfoResponse(TowerId towerId, long height, int monitorVersion, int hintVersion, long maxWatchesPerUser,
            long eventsMaxPerUser, long streamHeartbeatS, boolean webhooks) {
        public InfoResponse {
            Objects.requireNonNull(towerId, "towerId");
            Uint32.check("height", height);
            Uint32.check("monitor_version", monitorVersion);
            Uint32.check("hint_version", hintVersion);
            Uint32.check("max_watches_per_user", maxWatchesPerUser);
            Uint32.check("events_max_per_user", eventsMaxPerUser);
            Uint32.check("stream_heartbeat_s", streamHeartbeatS);
        }
    }

    /** A spent watch's spend: the block height, the spending transaction and its {@code funding_spent} event's cursor. */
    public record WatchSpend(long spentHeight, Txid spendingTxid, long eventCursor) {
        public WatchSpend {
            Uint32.check("spent_height", spentHeight);
            Objects.requireNonNull(spendingTxid, "spendingTxid");
            if (eventCursor < 1) {
                throw new IllegalArgumentException("event_cursor is a cursor, got " + eventCursor);
            }
        }
    }

    /**
     * One watch of {@code watch/list}: {@code outpoint} present exactly for an {@code outpoint} watch;
     * {@code spend} present when its state is {@code spent}, else it is {@code watching}.
     */
    public record WatchEntry(WatchId watchId, WatchKind kind, Optional<Outpoint> outpoint, long startHeight, Optional<WatchSpend> spend) {
        public WatchEntry {
            Objects.requireNonNull(watchId, "watchId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(outpoint, "outpoint");
            if (outpoint.isPresent() != (kind == WatchKind.OUTPOINT)) {
                throw new IllegalArgumentException("an outpoint comes with an outpoint watch, and only with it");
            }
            Uint32.check("start_height", startHeight);
            Objects.requireNonNull(spend, "spend");
        }
    }

    /** The answer to {@code watch/list}. */
    public record WatchListResponse(List<WatchEntry> watches) {
        public WatchListResponse {
            List<WatchEntry> copy = new ArrayList<>(watches);
            copy.forEach(w -> Objects.requireNonNull(w, "watch"));
            watches = Collections.unmodifiableList(copy);
        }
    }

    /** A webhook's state: {@code active}, or {@code disabled} after the receiver answered 410. */
    public enum WebhookState {
        ACTIVE("active"),
        DISABLED("disabled");

        private final String wireName;

        WebhookState(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The answer to {@code webhook/set}. */
    public record WebhookSetResponse(String url, WebhookState state, long deliveredThrough) {
        public WebhookSetResponse {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(state, "state");
            if (deliveredThrough < 0) {
                throw new IllegalArgumentException("delivered_through is a cursor, got " + deliveredThrough);
            }
        }
    }

    /** The answer to {@code webhook/status}; {@code last_status} 0 means no answer (refused, timeout, TLS). */
    public record WebhookStatusResponse(String url, WebhookState state, long deliveredThrough, long pending, long attempts,
            long nextAttemptMs, int lastStatus) {
        public WebhookStatusResponse {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(state, "state");
            if (deliveredThrough < 0 || pending < 0 || nextAttemptMs < 0) {
                throw new IllegalArgumentException("delivered_through, pending and next_attempt_ms are unsigned");
            }
            Uint32.check("attempts", attempts);
            if (lastStatus != 0 && (lastStatus < 100 || lastStatus > 599)) {
                throw new IllegalArgumentException("last_status is an HTTP status or 0, got " + lastStatus);
            }
        }
    }
}
