package dev.vigil.towerprotocol.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.Decoded;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.MonitorMessages.ChallengeRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.ChallengeResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.HeightRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.Watch;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchEntry;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchListResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchSpend;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookSetRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookSetResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookState;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookStatusResponse;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.JsonFields;
import dev.vigil.towerprotocol.wire.Parsed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON of the monitoring routes (docs/monitoring.md 5.2), both directions, with the conventions of the
 * teos API (lowercase hex, display-order txids, zbase32 signatures) and its classification of bad
 * input: missing field → {@code MISSING_FIELD}, wrong JSON type → {@code WRONG_FIELD_TYPE}, empty →
 * {@code EMPTY_FIELD}, bad hex → {@code WRONG_FIELD_FORMAT}, wrong size → {@code WRONG_FIELD_SIZE},
 * anything else (malformed JSON, duplicate keys, trailing data, too deep, a number out of range, a body
 * over {@link #MAX_REQUEST_BYTES}) → {@code INVALID_REQUEST_FORMAT}. A watch that does not parse is
 * {@code WRONG_FIELD_FORMAT}/{@code WRONG_FIELD_SIZE} until {@code ErrorCode} gains the monitoring
 * codes (its {@code INVALID_WATCH}, 131). Parsing never throws on bad input. Thread-safe.
 *
 * <p>A pull answer carries its events as the tower stored them: {@link #toJson(EventsPage)} splices
 * each event's wire bytes into the page and never re-serializes an event (2.6).
 */
public final class MonitorJson {
    /** Every monitoring request body is at most 4 KiB. */
    public static final int MAX_REQUEST_BYTES = 4096;
    private static final ObjectMapper MAPPER = StrictJson.mapper(EventCodec.MAX_EVENT_BYTES);

    private final Secp256k1 secp;

    /** @param secp checks that a challenge's {@code user_id} is a point on the curve */
    public MonitorJson(Secp256k1 secp) {
        this.secp = Objects.requireNonNull(secp, "secp");
    }

    // ---------------------------------------------------------------- requests (tower side)

    public static Parsed<WatchAddRequest> parseWatchAddRequest(byte[] body) {
        return request(body, "WatchAddRequest", o -> {
            JsonFields w = o.object("watch", "Watch");
            Watch watch;
            if (w.has("hint") == w.has("outpoint")) {
                throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "`watch` holds exactly one of `hint` and `outpoint`"));
            }
            if (w.has("hint")) {
                Bytes hint = w.hex("hint");
                JsonFields.requireSize("hint", hint, WatchHint.LENGTH);
                watch = new Watch.Hint(new WatchHint(hint));
            } else {
                String text = w.nonEmptyText("outpoint");
                watch = new Watch.ByOutpoint(Outpoint.parse(text).orElseThrow(() -> new JsonFields.Rejection(new ApiError(
                        ErrorCode.WRONG_FIELD_FORMAT, "`outpoint` is <txid hex>:<vout>, vout below 2^32"))));
            }
            return new WatchAddRequest(watch, o.u32("height"), o.nonEmptyText("signature"));
        });
    }

    public static Parsed<WatchRemoveRequest> parseWatchRemoveRequest(byte[] body) {
        return request(body, "WatchRemoveRequest", o -> {
            Bytes id = o.hex("watch_id");
            JsonFields.requireSize("watch_id", id, WatchId.LENGTH);
            return new WatchRemoveRequest(new WatchId(id), o.u32("height"), o.nonEmptyText("signature"));
        });
    }

    /** The body of {@code watch/list}, {@code webhook/remove} and {@code webhook/status}. */
    public static Parsed<HeightRequest> parseHeightRequest(byte[] body) {
        return request(body, "HeightRequest", o -> new HeightRequest(o.u32("height"), o.nonEmptyText("signature")));
    }

    public static Parsed<EventsRequest> parseEventsRequest(byte[] body) {
        return request(body, "EventsRequest", o -> {
            long after = o.unsigned("after", Long.MAX_VALUE, "u64");
            long limit = o.has("limit") ? o.unsigned("limit", Long.MAX_VALUE, "u32") : MonitorRequests.DEFAULT_EVENTS_LIMIT;
            if (limit < 1 || limit > MonitorRequests.MAX_EVENTS_LIMIT) {
                throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT,
                        "`limit` must be in [1, " + MonitorRequests.MAX_EVENTS_LIMIT + "], got " + limit));
            }
            return new EventsRequest(after, (int) limit, o.u32("height"), o.nonEmptyText("signature"));
        });
    }

    public Parsed<ChallengeRequest> parseChallengeRequest(byte[] body) {
        return request(body, "ChallengeRequest", o -> {
            Bytes user = o.hex("user_id");
            JsonFields.requireSize("user_id", user, PublicKey.LENGTH);
            PublicKey key = PublicKey.parse(user, secp).orElseThrow(() -> new JsonFields.Rejection(new ApiError(
                    ErrorCode.WRONG_FIELD_FORMAT, "Provided public key does not match expected format (33-byte compressed key)")));
            return new ChallengeRequest(new UserId(key));
        });
    }

    public static Parsed<WebhookSetRequest> parseWebhookSetRequest(byte[] body) {
        return request(body, "WebhookSetRequest", o -> new WebhookSetRequest(o.nonEmptyText("url"), o.u32("height"), o.nonEmptyText("signature")));
    }

    // ---------------------------------------------------------------- requests (client side)

    public static String toJson(WatchAddRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode w = o.putObject("watch");
        if (r.watch() instanceof Watch.Hint h) {
            w.put("hint", h.hint().toHex());
        } else {
            w.put("outpoint", ((Watch.ByOutpoint) r.watch()).outpoint().toString());
        }
        o.put("height", r.height());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(WatchRemoveRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("watch_id", r.watchId().toHex());
        o.put("height", r.height());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(HeightRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("height", r.height());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(EventsRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("after", r.after());
        o.put("limit", r.limit());
        o.put("height", r.height());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(ChallengeRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("user_id", r.userId().toHex());
        return write(o);
    }

    public static String toJson(WebhookSetRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("url", r.url());
        o.put("height", r.height());
        o.put("signature", r.signature());
        return write(o);
    }

    // ---------------------------------------------------------------- responses (tower side)

    public static String toJson(InfoResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("tower_id", r.towerId().toHex());
        o.put("height", r.height());
        o.put("monitor_version", r.monitorVersion());
        o.put("hint_version", r.hintVersion());
        o.put("max_watches_per_user", r.maxWatchesPerUser());
        o.put("events_max_per_user", r.eventsMaxPerUser());
        o.put("stream_heartbeat_s", r.streamHeartbeatS());
        o.put("webhooks", r.webhooks());
        return write(o);
    }

    public static String toJson(WatchAddResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("watch_id", r.watchId().toHex());
        o.put("kind", r.kind().wireName());
        o.put("start_height", r.startHeight());
        o.put("available_slots", r.availableSlots());
        o.put("subscription_expiry", r.subscriptionExpiry());
        o.put("receipt", r.receipt());
        return write(o);
    }

    public static String toJson(WatchRemoveResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("watch_id", r.watchId().toHex());
        o.put("available_slots", r.availableSlots());
        return write(o);
    }

    public static String toJson(ChallengeResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("challenge", r.challenge().toHex());
        o.put("expires_in_s", r.expiresInS());
        return write(o);
    }

    public static String toJson(WatchListResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode list = o.putArray("watches");
        for (WatchEntry w : r.watches()) {
            ObjectNode e = list.addObject();
            e.put("watch_id", w.watchId().toHex());
            e.put("kind", w.kind().wireName());
            if (w.outpoint().isPresent()) {
                e.put("outpoint", w.outpoint().get().toString());
            }
            e.put("start_height", w.startHeight());
            if (w.spend().isPresent()) {
                WatchSpend s = w.spend().get();
                e.put("state", "spent");
                e.put("spent_height", s.spentHeight());
                e.put("spending_txid", s.spendingTxid().toDisplayHex());
                e.put("event_cursor", s.eventCursor());
            } else {
                e.put("state", "watching");
            }
        }
        return write(o);
    }

    public static String toJson(WebhookSetResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("url", r.url());
        o.put("state", r.state().wireName());
        o.put("delivered_through", r.deliveredThrough());
        return write(o);
    }

    public static String toJson(WebhookStatusResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("url", r.url());
        o.put("state", r.state().wireName());
        o.put("delivered_through", r.deliveredThrough());
        o.put("pending", r.pending());
        o.put("attempts", r.attempts());
        o.put("next_attempt_ms", r.nextAttemptMs());
        o.put("last_status", r.lastStatus());
        return write(o);
    }

    /** The pull answer, each event's stored wire bytes spliced in unchanged. */
    public static byte[] toJson(EventsPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "{\"events\":[");
        for (int i = 0; i < page.events().size(); i++) {
            if (i > 0) {
                ascii(out, ",");
            }
            byte[] event = page.events().get(i).wire();
            out.write(event, 0, event.length);
        }
        ascii(out, "],\"head\":" + page.head() + ",\"oldest_cursor\":" + page.oldestCursor() + ",\"gap\":" + page.gap()
                + ",\"height\":" + page.height() + "}");
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    // ---------------------------------------------------------------- responses (client side)

    public static Parsed<InfoResponse> parseInfoResponse(byte[] body) {
        return parse(body, "InfoResponse", o -> {
            Bytes tower = o.hex("tower_id");
            JsonFields.requireSize("tower_id", tower, PublicKey.LENGTH);
            return new InfoResponse(new TowerId(new PublicKey(tower)), o.u32("height"),
                    (int) o.unsigned("monitor_version", Integer.MAX_VALUE, "u32"), (int) o.unsigned("hint_version", Integer.MAX_VALUE, "u32"),
                    o.u32("max_watches_per_user"), o.u32("events_max_per_user"), o.u32("stream_heartbeat_s"), o.bool("webhooks"));
        });
    }

    public static Parsed<WatchAddResponse> parseWatchAddResponse(byte[] body) {
        return parse(body, "WatchAddResponse", o -> {
            Bytes id = o.hex("watch_id");
            JsonFields.requireSize("watch_id", id, WatchId.LENGTH);
            String kindName = o.nonEmptyText("kind");
            WatchKind kind = WatchKind.fromWireName(kindName).orElseThrow(() -> new JsonFields.Rejection(
                    new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "unknown watch kind " + kindName)));
            return new WatchAddResponse(new WatchId(id), kind, o.u32("start_height"), o.u32("available_slots"),
                    o.u32("subscription_expiry"), o.nonEmptyText("receipt"));
        });
    }

    public static Parsed<WatchRemoveResponse> parseWatchRemoveResponse(byte[] body) {
        return parse(body, "WatchRemoveResponse", o -> {
            Bytes id = o.hex("watch_id");
            JsonFields.requireSize("watch_id", id, WatchId.LENGTH);
            return new WatchRemoveResponse(new WatchId(id), o.u32("available_slots"));
        });
    }

    public static Parsed<ChallengeResponse> parseChallengeResponse(byte[] body) {
        return parse(body, "ChallengeResponse", o -> {
            Bytes challenge = o.hex("challenge");
            JsonFields.requireSize("challenge", challenge, MonitorRequests.CHALLENGE_LENGTH);
            return new ChallengeResponse(challenge, o.u32("expires_in_s"));
        });
    }

    public static Parsed<WatchListResponse> parseWatchListResponse(byte[] body) {
        return parse(body, "WatchListResponse", o -> {
            JsonNode list = o.required("watches");
            if (!list.isArray()) {
                throw new JsonFields.Rejection(invalidType("watches", "a sequence"));
            }
            List<WatchEntry> watches = new ArrayList<>(list.size());
            for (JsonNode n : list) {
                if (!n.isObject()) {
                    throw new JsonFields.Rejection(invalidType("watches", "a sequence of watches"));
                }
                JsonFields w = new JsonFields((ObjectNode) n);
                Bytes id = w.hex("watch_id");
                JsonFields.requireSize("watch_id", id, WatchId.LENGTH);
                String kindName = w.nonEmptyText("kind");
                WatchKind kind = WatchKind.fromWireName(kindName).orElseThrow(() -> new JsonFields.Rejection(
                        new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "unknown watch kind " + kindName)));
                Optional<Outpoint> outpoint = Optional.empty();
                if (w.has("outpoint")) {
                    String text = w.nonEmptyText("outpoint");
                    outpoint = Optional.of(Outpoint.parse(text).orElseThrow(() -> new JsonFields.Rejection(
                            new ApiError(ErrorCode.WRONG_FIELD_FORMAT, "`outpoint` is <txid hex>:<vout>"))));
                }
                long start = w.u32("start_height");
                String state = w.nonEmptyText("state");
                Optional<WatchSpend> spend;
                if (state.equals("spent")) {
                    spend = Optional.of(new WatchSpend(w.u32("spent_height"), w.txid("spending_txid"),
                            w.unsigned("event_cursor", Long.MAX_VALUE, "u64")));
                } else if (state.equals("watching")) {
                    spend = Optional.empty();
                } else {
                    throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "unknown watch state " + state));
                }
                watches.add(new WatchEntry(new WatchId(id), kind, outpoint, start, spend));
            }
            return new WatchListResponse(watches);
        });
    }

    public static Parsed<WebhookSetResponse> parseWebhookSetResponse(byte[] body) {
        return parse(body, "WebhookSetResponse", o -> new WebhookSetResponse(o.nonEmptyText("url"), webhookState(o),
                o.unsigned("delivered_through", Long.MAX_VALUE, "u64")));
    }

    public static Parsed<WebhookStatusResponse> parseWebhookStatusResponse(byte[] body) {
        return parse(body, "WebhookStatusResponse", o -> new WebhookStatusResponse(o.nonEmptyText("url"), webhookState(o),
                o.unsigned("delivered_through", Long.MAX_VALUE, "u64"), o.unsigned("pending", Long.MAX_VALUE, "u64"),
                o.u32("attempts"), o.unsigned("next_attempt_ms", Long.MAX_VALUE, "u64"), (int) o.unsigned("last_status", 599, "an HTTP status")));
    }

    private static WebhookState webhookState(JsonFields o) {
        String state = o.nonEmptyText("state");
        for (WebhookState s : WebhookState.values()) {
            if (s.wireName().equals(state)) {
                return s;
            }
        }
        throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "unknown webhook state " + state));
    }

    /**
     * A pull answer. Each event is read by {@link EventCodec#parseWire} (C rebuilt from its members);
     * an event that does not read makes the whole answer invalid, naming its position. Checking the
     * events' signatures is the caller's ({@link EventSignature#check}).
     */
    public static Parsed<EventsPage> parseEventsPage(byte[] body) {
        return parse(body, "EventsPage", o -> {
            JsonNode events = o.required("events");
            if (!events.isArray()) {
                throw new JsonFields.Rejection(invalidType("events", "a sequence"));
            }
            List<SignedEvent> read = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (!e.isObject()) {
                    throw new JsonFields.Rejection(invalidType("events", "a sequence of events"));
                }
                Decoded<SignedEvent> d = EventCodec.parseWire(StrictJson.write(MAPPER, (ObjectNode) e));
                if (d instanceof Decoded.Invalid<SignedEvent> bad) {
                    throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "event " + i + ": " + bad.reason()));
                }
                read.add(((Decoded.Ok<SignedEvent>) d).value());
            }
            return new EventsPage(read, o.unsigned("head", Long.MAX_VALUE, "u64"), o.unsigned("oldest_cursor", Long.MAX_VALUE, "u64"),
                    o.bool("gap"), o.u32("height"));
        });
    }

    // ---------------------------------------------------------------- machinery

    private static <T> Parsed<T> request(byte[] body, String structName, JsonFields.Body<T> reader) {
        if (body.length > MAX_REQUEST_BYTES) {
            return new Parsed.Invalid<>(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT,
                    "a body of " + body.length + " bytes is over " + MAX_REQUEST_BYTES));
        }
        return JsonFields.parse(MAPPER, body, structName, reader);
    }

    private static <T> Parsed<T> parse(byte[] body, String structName, JsonFields.Body<T> reader) {
        return JsonFields.parse(MAPPER, body, structName, reader);
    }

    private static ApiError invalidType(String field, String expected) {
        return new ApiError(ErrorCode.WRONG_FIELD_TYPE, "invalid type for `" + field + "`, expected " + expected);
    }

    private static String write(ObjectNode o) {
        return new String(StrictJson.write(MAPPER, o), StandardCharsets.UTF_8);
    }
}
