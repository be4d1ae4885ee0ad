package dev.vigil.towerprotocol.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.wire.JsonFields;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.MonitorEvent.BreachSeen;
import dev.vigil.towerprotocol.monitor.MonitorEvent.CommitmentTags;
import dev.vigil.towerprotocol.monitor.MonitorEvent.DeadlineAtRisk;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FailureReason;
import dev.vigil.towerprotocol.monitor.MonitorEvent.ForeignSpend;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Head;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Justice;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeBroadcast;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeConfirmed;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeDepth;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeFailed;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeInMempool;
import dev.vigil.towerprotocol.monitor.MonitorEvent.JusticeIrrevocable;
import dev.vigil.towerprotocol.monitor.MonitorEvent.PenaltyState;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Retracted;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SlotsLow;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SubscriptionExpired;
import dev.vigil.towerprotocol.monitor.MonitorEvent.SubscriptionExpiring;
import dev.vigil.towerprotocol.monitor.MonitorEvent.WebhookGaveUp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * An event's bytes (docs/monitoring.md 2.4, 2.6). <b>C</b> is the event's compact JSON without its
 * {@code signature}: members in the order of 2.4, no whitespace, integers in plain decimal, strings as
 * written (only hex, decimal digits, ASCII identifiers and {@code txid:vout}, so never an escape). The
 * tower stores C and signs it; on the wire an event is C with {@code ,"signature":"…"} spliced in
 * before its final {@code }}, never re-serialized.
 *
 * <p>{@link #decode} accepts exactly the bytes {@link #encode} writes (it re-encodes what it read and
 * compares), so a reordered, renamed, extra or re-spelled member is refused rather than silently read
 * into an event whose signature then cannot match. {@link #parseWire} rebuilds C from a received event
 * whatever whitespace a relay added. Malformed input gives a {@link Decoded.Invalid}; nothing throws.
 * Thread-safe.
 */
public final class EventCodec {
    /** The largest event on the wire: a 65,536-byte transaction in hex and its fields. */
    public static final int MAX_EVENT_BYTES = 140 * 1024;
    private static final ObjectMapper MAPPER = StrictJson.mapper(MAX_EVENT_BYTES);

    private EventCodec() {}

    /** A signed event as received: the event, its C (rebuilt) and the tower's zbase32 signature. */
    public record SignedEvent(MonitorEvent event, Bytes c, String signature) {
        public SignedEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(c, "c");
            Objects.requireNonNull(signature, "signature");
        }

        /** The event as the wire carries it: C with the signature spliced in. */
        public byte[] wire() {
            return EventCodec.wire(c, signature);
        }
    }

    /** The outcome of reading event bytes. */
    public sealed interface Decoded<T> {
        record Ok<T>(T value) implements Decoded<T> {
            public Ok {
                Objects.requireNonNull(value, "value");
            }
        }

        /** Not an event: {@code reason} says why, in words for a log. */
        record Invalid<T>(String reason) implements Decoded<T> {
            public Invalid {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** The value; for tests and callers that know the bytes are valid. */
        default T orElseThrow() {
            if (this instanceof Ok<T> ok) {
                return ok.value();
            }
            throw new IllegalArgumentException(((Invalid<T>) this).reason());
        }
    }

    // ---------------------------------------------------------------- writing

    /** C: the event's compact JSON without signature, in 2.4's member order. */
    public static Bytes encode(MonitorEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        Head h = e.head();
        o.put("v", MonitorEvent.VERSION);
        o.put("type", e.type().wireName());
        o.put("cursor", h.cursor());
        o.put("id", h.id().toHex());
        o.put("user_id", h.userId().toHex());
        o.put("height", h.height());
        o.put("block_hash", h.blockHash().toDisplayHex());
        if (e instanceof FundingSpent f) {
            o.put("watch_id", f.watchId().toHex());
            o.put("kind", f.kind().wireName());
            o.put("outpoint", f.outpoint().toString());
            o.put("txid", f.txid().toDisplayHex());
            o.put("input", f.input());
            o.put("close", f.close().wireName());
            if (f.tags().isPresent()) {
                CommitmentTags t = f.tags().get();
                o.put("locktime", t.lockTime());
                o.put("sequence", t.sequence());
                o.put("obscured_commitment_number", t.obscuredNumber());
            }
            if (f.tx().isPresent()) {
                o.put("tx", f.tx().get().toHex());
            } else {
                o.put("tx_omitted", true);
            }
        } else if (e instanceof BreachSeen b) {
            putJustice(o, b.justice());
            o.put("to_self_delay", b.toSelfDelay());
            o.put("deadline_height", b.deadlineHeight());
        } else if (e instanceof JusticeBroadcast b) {
            putJustice(o, b.justice());
        } else if (e instanceof JusticeInMempool m) {
            putJustice(o, m.justice());
        } else if (e instanceof JusticeConfirmed c) {
            putJustice(o, c.justice());
            o.put("confirmed_height", c.confirmedHeight());
            o.put("depth", c.depth());
        } else if (e instanceof JusticeDepth d) {
            putJustice(o, d.justice());
            o.put("confirmed_height", d.confirmedHeight());
            o.put("depth", d.depth());
        } else if (e instanceof JusticeIrrevocable i) {
            putJustice(o, i.justice());
            o.put("confirmed_height", i.confirmedHeight());
            o.put("depth", i.depth());
            o.put("refunded_slots", i.refundedSlots());
        } else if (e instanceof JusticeFailed f) {
            o.put("reason", f.reason().wireName());
            putJustice(o, f.justice());
            if (f.spend().isPresent()) {
                o.put("spending_txid", f.spend().get().spendingTxid().toDisplayHex());
                o.put("spent_outpoint", f.spend().get().spentOutpoint().toString());
            } else if (f.reason() == FailureReason.INPUTS_SPENT) {
                o.put("spending_txid_unknown", true);
            }
        } else if (e instanceof DeadlineAtRisk d) {
            putJustice(o, d.justice());
            o.put("deadline_height", d.deadlineHeight());
            o.put("blocks_left", d.blocksLeft());
            o.put("penalty_state", d.penaltyState().wireName());
        } else if (e instanceof Retracted r) {
            o.put("retracts", r.retracts().toHex());
            o.put("retracts_cursor", r.retractsCursor());
            o.put("retracted_type", r.retractedType().wireName());
        } else if (e instanceof SlotsLow s) {
            o.put("available_slots", s.availableSlots());
            o.put("threshold", s.threshold());
        } else if (e instanceof SubscriptionExpiring s) {
            o.put("subscription_expiry", s.subscriptionExpiry());
            o.put("blocks_left", s.blocksLeft());
        } else if (e instanceof SubscriptionExpired s) {
            o.put("subscription_expiry", s.subscriptionExpiry());
            o.put("deleted_at", s.deletedAt());
        } else if (e instanceof WebhookGaveUp w) {
            o.put("from_cursor", w.fromCursor());
            o.put("through_cursor", w.throughCursor());
            o.put("attempts", w.attempts());
            o.put("first_attempt_ms", w.firstAttemptMs());
            o.put("last_status", w.lastStatus());
        } else {
            throw new IllegalStateException("an event type without an encoding: " + e.type());
        }
        return Bytes.of(write(o));
    }

    private static void putJustice(ObjectNode o, Justice j) {
        o.put("locator", j.locator().toHex());
        o.put("dispute_txid", j.disputeTxid().toDisplayHex());
        o.put("penalty_txid", j.penaltyTxid().toDisplayHex());
    }

    /** The wire form: C with {@code ,"signature":"<zbase32>"} inserted before its final {@code }}. */
    public static byte[] wire(Bytes c, String signature) {
        byte[] body = c.toArray();
        if (body.length < 2 || body[body.length - 1] != '}') {
            throw new IllegalArgumentException("C is a JSON object");
        }
        for (int i = 0; i < signature.length(); i++) {
            char ch = signature.charAt(i);
            if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9')) {
                throw new IllegalArgumentException("a zbase32 signature is lowercase letters and digits");
            }
        }
        byte[] member = (",\"signature\":\"" + signature + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[body.length - 1 + member.length];
        System.arraycopy(body, 0, out, 0, body.length - 1);
        System.arraycopy(member, 0, out, body.length - 1, member.length);
        return out;
    }

    // ---------------------------------------------------------------- reading

    /** Reads C (no {@code signature} member): exactly the bytes {@link #encode} writes for some event. */
    public static Decoded<MonitorEvent> decode(byte[] c) {
        Decoded<ObjectNode> tree = tree(c);
        if (tree instanceof Decoded.Invalid<ObjectNode> bad) {
            return new Decoded.Invalid<>(bad.reason());
        }
        ObjectNode o = ((Decoded.Ok<ObjectNode>) tree).value();
        if (o.has("signature")) {
            return new Decoded.Invalid<>("C has no signature member");
        }
        return fromTree(o, c);
    }

    /**
     * Reads an event as received (pull answer, stream {@code data:} line, webhook body): its members in
     * order with {@code signature} last; C is rebuilt by dropping the signature and writing compact.
     */
    public static Decoded<SignedEvent> parseWire(byte[] json) {
        Decoded<ObjectNode> tree = tree(json);
        if (tree instanceof Decoded.Invalid<ObjectNode> bad) {
            return new Decoded.Invalid<>(bad.reason());
        }
        ObjectNode o = ((Decoded.Ok<ObjectNode>) tree).value();
        String last = null;
        for (Iterator<String> names = o.fieldNames(); names.hasNext();) {
            last = names.next();
        }
        if (!"signature".equals(last)) {
            return new Decoded.Invalid<>("an event ends with its signature member");
        }
        JsonNode sig = o.get("signature");
        if (!sig.isTextual() || sig.asText().isEmpty()) {
            return new Decoded.Invalid<>("signature is a zbase32 string");
        }
        byte[] c = canonical(o).toArray();
        Decoded<MonitorEvent> event = decode(c);
        if (event instanceof Decoded.Invalid<MonitorEvent> bad) {
            return new Decoded.Invalid<>(bad.reason());
        }
        return new Decoded.Ok<>(new SignedEvent(((Decoded.Ok<MonitorEvent>) event).value(), Bytes.of(c), sig.asText()));
    }

    /** C from a parsed event: the members in their order without {@code signature}, compact. */
    public static Bytes canonical(ObjectNode event) {
        ObjectNode copy = event.deepCopy();
        copy.remove("signature");
        return Bytes.of(write(copy));
    }

    private static Decoded<ObjectNode> tree(byte[] json) {
        if (json.length > MAX_EVENT_BYTES) {
            return new Decoded.Invalid<>("an event of " + json.length + " bytes is over " + MAX_EVENT_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException | RuntimeException e) {
            return new Decoded.Invalid<>("not JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            return new Decoded.Invalid<>("an event is a JSON object");
        }
        return new Decoded.Ok<>((ObjectNode) root);
    }

    private static Decoded<MonitorEvent> fromTree(ObjectNode o, byte[] c) {
        MonitorEvent e;
        try {
            e = read(new JsonFields(o));
        } catch (Malformed m) {
            return new Decoded.Invalid<>(m.getMessage());
        } catch (JsonFields.Rejection r) {
            return new Decoded.Invalid<>(r.getMessage());
        } catch (IllegalArgumentException x) {
            return new Decoded.Invalid<>("invalid event: " + x.getMessage());
        }
        // The one test of member order, unknown members and spelling: C must be what the event encodes to.
        if (!encode(e).equals(Bytes.of(c))) {
            return new Decoded.Invalid<>("not canonical: members out of order, unknown members, or values spelt otherwise than "
                    + e.type().wireName() + " writes them");
        }
        return new Decoded.Ok<>(e);
    }

    private static MonitorEvent read(JsonFields f) {
        long v = f.unsigned("v", Long.MAX_VALUE, "u64");
        if (v != MonitorEvent.VERSION) {
            throw new Malformed("unknown event version " + v);
        }
        String typeName = f.text("type");
        EventType type = EventType.fromWireName(typeName).orElseThrow(() -> new Malformed("unknown event type " + typeName));
        Head h = new Head(f.unsigned("cursor", Long.MAX_VALUE, "u64"), new EventId(f.hex("id")), new UserId(new PublicKey(f.hex("user_id"))),
                f.u32("height"), new BlockHash(f.hex("block_hash").reversed()));
        switch (type) {
            case FUNDING_SPENT: {
                WatchId watchId = new WatchId(f.hex("watch_id"));
                String kindName = f.text("kind");
                WatchKind kind = WatchKind.fromWireName(kindName).orElseThrow(() -> new Malformed("unknown watch kind " + kindName));
                Outpoint outpoint = outpoint(f, "outpoint");
                Txid txid = f.txid("txid");
                long input = f.u32("input");
                String closeName = f.text("close");
                CloseKind close = CloseKind.fromWireName(closeName).orElseThrow(() -> new Malformed("unknown close " + closeName));
                Optional<CommitmentTags> tags = Optional.empty();
                if (close == CloseKind.UNILATERAL) {
                    tags = Optional.of(new CommitmentTags(f.u32("locktime"), f.u32("sequence")));
                }
                Optional<Bytes> tx = f.has("tx") ? Optional.of(f.hex("tx")) : Optional.empty();
                return new FundingSpent(h, watchId, kind, outpoint, txid, input, close, tags, tx);
            }
            case BREACH_SEEN:
                return new BreachSeen(h, justice(f), f.u32("to_self_delay"), f.u32("deadline_height"));
            case JUSTICE_BROADCAST:
                return new JusticeBroadcast(h, justice(f));
            case JUSTICE_IN_MEMPOOL:
                return new JusticeInMempool(h, justice(f));
            case JUSTICE_CONFIRMED:
                return new JusticeConfirmed(h, justice(f), f.u32("confirmed_height"), f.u32("depth"));
            case JUSTICE_DEPTH:
                return new JusticeDepth(h, justice(f), f.u32("confirmed_height"), f.u32("depth"));
            case JUSTICE_IRREVOCABLE:
                return new JusticeIrrevocable(h, justice(f), f.u32("confirmed_height"), f.u32("depth"), f.u32("refunded_slots"));
            case JUSTICE_FAILED: {
                String reasonName = f.text("reason");
                FailureReason reason = reasonName.equals(FailureReason.INPUTS_SPENT.wireName()) ? FailureReason.INPUTS_SPENT
                        : reasonName.equals(FailureReason.REJECTED.wireName()) ? FailureReason.REJECTED : null;
                if (reason == null) {
                    throw new Malformed("unknown failure reason " + reasonName);
                }
                Justice j = justice(f);
                Optional<ForeignSpend> spend = f.has("spending_txid")
                        ? Optional.of(new ForeignSpend(f.txid("spending_txid"), outpoint(f, "spent_outpoint")))
                        : Optional.empty();
                return new JusticeFailed(h, reason, j, spend);
            }
            case DEADLINE_AT_RISK: {
                Justice j = justice(f);
                long deadline = f.u32("deadline_height");
                long left = f.u32("blocks_left");
                String stateName = f.text("penalty_state");
                PenaltyState state = stateName.equals(PenaltyState.UNSENT.wireName()) ? PenaltyState.UNSENT
                        : stateName.equals(PenaltyState.IN_MEMPOOL.wireName()) ? PenaltyState.IN_MEMPOOL : null;
                if (state == null) {
                    throw new Malformed("unknown penalty state " + stateName);
                }
                return new DeadlineAtRisk(h, j, deadline, left, state);
            }
            case RETRACTED: {
                EventId retracts = new EventId(f.hex("retracts"));
                long cursor = f.unsigned("retracts_cursor", Long.MAX_VALUE, "u64");
                String typeText = f.text("retracted_type");
                EventType retracted = EventType.fromWireName(typeText).orElseThrow(() -> new Malformed("unknown event type " + typeText));
                return new Retracted(h, retracts, cursor, retracted);
            }
            case SLOTS_LOW:
                return new SlotsLow(h, f.u32("available_slots"), f.u32("threshold"));
            case SUBSCRIPTION_EXPIRING:
                return new SubscriptionExpiring(h, f.u32("subscription_expiry"), f.u32("blocks_left"));
            case SUBSCRIPTION_EXPIRED:
                return new SubscriptionExpired(h, f.u32("subscription_expiry"), f.u32("deleted_at"));
            case WEBHOOK_GAVE_UP:
                return new WebhookGaveUp(h, f.unsigned("from_cursor", Long.MAX_VALUE, "u64"), f.unsigned("through_cursor", Long.MAX_VALUE, "u64"),
                        f.u32("attempts"), f.unsigned("first_attempt_ms", Long.MAX_VALUE, "u64"), (int) f.unsigned("last_status", 599, "an HTTP status"));
            default:
                throw new Malformed("no reader for " + type);
        }
    }

    private static Justice justice(JsonFields f) {
        return new Justice(new Locator(f.hex("locator")), f.txid("dispute_txid"), f.txid("penalty_txid"));
    }

    /** Control flow inside this class only: the event is malformed. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static Outpoint outpoint(JsonFields f, String field) {
        String t = f.text(field);
        return Outpoint.parse(t).orElseThrow(() -> new Malformed(field + " is <txid>:<vout>"));
    }

    private static byte[] write(ObjectNode o) {
        return StrictJson.write(MAPPER, o);
    }
}
