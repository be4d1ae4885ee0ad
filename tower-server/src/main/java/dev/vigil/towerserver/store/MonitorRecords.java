package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.EventReader;
import dev.vigil.towerserver.monitor.MonitoredUser;
import dev.vigil.towerserver.monitor.StoredEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Channel monitoring's records and keys (docs/monitoring.md 3.1; golden files
 * {@code golden/store/monitor-user-v1.hex}, {@code event-v1.hex}) and the operations on them that run
 * on the store's thread, inside a task: a user's log bookkeeping (head, oldest cursor, count, bytes)
 * is changed here only, with the events, so it always agrees with them.
 * <pre>
 * monitor user  01 | next_cursor (u64) | oldest_cursor (u64) | event_count | event_bytes
 *                  | low_slots_warned (u8) | expiry_warned_for | expiry_warnings_sent (u8) | expired_sent (u8)   (32 B)
 * event         01 | type (u8) | height | committed_ms (u64) | C (the rest)
 * keys          events: user_id (33) | cursor (u64);  event_heights: height | user_id (33) | cursor (u64)
 * </pre>
 * {@code oldest_cursor} is the cursor of the oldest event kept, or {@code next_cursor} when none is.
 * The notice fields belong to the subscription notices (docs/monitoring.md 2.1) and are kept as
 * they are by every operation here.
 */
final class MonitorRecords {
    private static final System.Logger LOG = System.getLogger(MonitorRecords.class.getName());
    static final int EVENT_KEY_LENGTH = PublicKey.LENGTH + 8;
    static final int EVENT_HEIGHT_KEY_LENGTH = 4 + PublicKey.LENGTH + 8;
    private static final int MONITOR_USER_V1_LENGTH = 32;
    private static final int EVENT_V1_FIXED = 1 + 1 + 4 + 8;

    private MonitorRecords() {}

    /** A monitored user's record. */
    record LogState(long nextCursor, long oldestCursor, long eventCount, long eventBytes, int lowSlotsWarned,
            long expiryWarnedFor, int expiryWarningsSent, int expiredSent) {
        static final LogState NEW = new LogState(1, 1, 0, 0, 0, 0, 0, 0);

        LogState {
            if (nextCursor < 1 || oldestCursor < 1 || oldestCursor > nextCursor) {
                throw new IllegalArgumentException("cursors: next " + nextCursor + ", oldest " + oldestCursor);
            }
            Uint32.check("event_count", eventCount);
            Uint32.check("event_bytes", eventBytes);
            Uint32.check("expiry_warned_for", expiryWarnedFor);
            if ((lowSlotsWarned | expiryWarningsSent | expiredSent) >>> 8 != 0) {
                throw new IllegalArgumentException("notice flags are bytes");
            }
        }

        LogState withLog(long next, long oldest, long count, long bytes) {
            return new LogState(next, oldest, count, bytes, lowSlotsWarned, expiryWarnedFor, expiryWarningsSent, expiredSent);
        }
    }

    // ---------------------------------------------------------------- codecs

    static byte[] encodeLogState(LogState s) {
        ByteBuffer b = ByteBuffer.allocate(MONITOR_USER_V1_LENGTH);
        b.put(StoreRecords.V1);
        b.putLong(s.nextCursor());
        b.putLong(s.oldestCursor());
        b.putInt((int) s.eventCount());
        b.putInt((int) s.eventBytes());
        b.put((byte) s.lowSlotsWarned());
        b.putInt((int) s.expiryWarnedFor());
        b.put((byte) s.expiryWarningsSent());
        b.put((byte) s.expiredSent());
        return b.array();
    }

    static LogState decodeLogState(UserId user, byte[] v) {
        String what = "monitor user " + user;
        int version = StoreRecords.version(v, what);
        if (version != 1) {
            throw StoreRecords.unknownVersion(what, version);
        }
        StoreRecords.requireLength(v, MONITOR_USER_V1_LENGTH, what);
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        try {
            long next = b.getLong();
            long oldest = b.getLong();
            long count = StoreRecords.u32(b);
            long bytes = StoreRecords.u32(b);
            int low = Byte.toUnsignedInt(b.get());
            long expiryFor = StoreRecords.u32(b);
            int sent = Byte.toUnsignedInt(b.get());
            int expired = Byte.toUnsignedInt(b.get());
            return new LogState(next, oldest, count, bytes, low, expiryFor, sent, expired);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    static byte[] encodeEvent(StoredEvent e) {
        byte[] c = e.c().toArray();
        ByteBuffer b = ByteBuffer.allocate(EVENT_V1_FIXED + c.length);
        b.put(StoreRecords.V1);
        b.put((byte) e.type().code());
        b.putInt((int) e.height());
        b.putLong(e.committedMs());
        b.put(c);
        return b.array();
    }

    static StoredEvent decodeEvent(UserId user, long cursor, byte[] v) {
        String what = "event " + cursor + " of " + user;
        int version = StoreRecords.version(v, what);
        if (version != 1) {
            throw StoreRecords.unknownVersion(what, version);
        }
        if (v.length <= EVENT_V1_FIXED || v.length > EVENT_V1_FIXED + EventCodec.MAX_EVENT_BYTES) {
            throw new CorruptRecordException(what + ": " + v.length + " bytes, not a header and 1 to "
                    + EventCodec.MAX_EVENT_BYTES + " bytes of event");
        }
        ByteBuffer b = ByteBuffer.wrap(v, 1, v.length - 1);
        int code = Byte.toUnsignedInt(b.get());
        EventType type = EventType.fromCode(code).orElseThrow(() -> new CorruptRecordException(what + ": unknown event type " + code));
        long height = StoreRecords.u32(b);
        long ms = b.getLong();
        try {
            return new StoredEvent(user, cursor, type, height, ms, Bytes.of(v, EVENT_V1_FIXED, v.length - EVENT_V1_FIXED));
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(what + ": " + e.getMessage(), e);
        }
    }

    static byte[] eventKey(byte[] userKey, long cursor) {
        return ByteBuffer.allocate(EVENT_KEY_LENGTH).put(userKey).putLong(cursor).array();
    }

    static byte[] eventHeightKey(long height, byte[] userKey, long cursor) {
        return ByteBuffer.allocate(EVENT_HEIGHT_KEY_LENGTH).putInt((int) height).put(userKey).putLong(cursor).array();
    }

    private static long cursorOfEventKey(byte[] key) {
        return ByteBuffer.wrap(key, PublicKey.LENGTH, 8).getLong();
    }

    // ---------------------------------------------------------------- operations (store's thread, inside a task)

    static void enroll(Tables t, byte[] userKey) {
        if (t.monitorUsers().get(userKey) == null) {
            t.monitorUsers().put(userKey, encodeLogState(LogState.NEW));
        }
    }

    static void append(Tables t, byte[] userKey, UserId user, StoredEvent e, byte[] value, EventBounds bounds) {
        byte[] stored = t.monitorUsers().get(userKey);
        LogState s = stored == null ? LogState.NEW : decodeLogState(user, stored);
        if (e.cursor() < s.nextCursor()) {
            // The tower thread assigns cursors above every committed one, so this is a bug; writing the
            // event would overwrite one a wallet may have read, and failing would stop the tower's
            // block (and its breaches) for a report: the event is left out, and said so.
            LOG.log(System.Logger.Level.ERROR, "event " + e.cursor() + " of " + user + " is not above its log's head "
                    + (s.nextCursor() - 1) + "; left out");
            return;
        }
        t.events().put(eventKey(userKey, e.cursor()), value);
        t.eventHeights().put(eventHeightKey(e.height(), userKey, e.cursor()), Tables.Table.EMPTY);
        long count = s.eventCount() + 1;
        long bytes = s.eventBytes() + e.c().length();
        long oldest = s.eventCount() == 0 ? e.cursor() : s.oldestCursor();
        LogState after = s.withLog(e.cursor() + 1, oldest, count, bytes);
        while (after.eventCount() > 1 && (after.eventCount() > bounds.maxEvents() || after.eventBytes() > bounds.maxBytes())) {
            after = removeOldest(t, userKey, user, after);
        }
        t.monitorUsers().put(userKey, encodeLogState(after));
    }

    /** Deletes the user's oldest event and returns the state after it. */
    private static LogState removeOldest(Tables t, byte[] userKey, UserId user, LogState s) {
        byte[][] first = firstEvent(t, userKey, 0);
        if (first == null) {
            throw new CorruptRecordException("monitor user " + user + " counts " + s.eventCount() + " events but has none");
        }
        long cursor = cursorOfEventKey(first[0]);
        StoredEvent gone = decodeEvent(user, cursor, first[1]);
        t.events().remove(first[0]);
        t.eventHeights().remove(eventHeightKey(gone.height(), userKey, cursor));
        byte[][] nextFirst = firstEvent(t, userKey, cursor);
        long oldest = nextFirst == null ? s.nextCursor() : cursorOfEventKey(nextFirst[0]);
        return s.withLog(s.nextCursor(), oldest, s.eventCount() - 1, s.eventBytes() - gone.c().length());
    }

    /** The user's first event with a cursor above {@code after} ({key, value}), or null. */
    private static byte[][] firstEvent(Tables t, byte[] userKey, long after) {
        byte[][] found = new byte[1][];
        byte[][] value = new byte[1][];
        t.events().scanAfter(eventKey(userKey, after), 1, (k, v) -> {
            if (Arrays.equals(k, 0, PublicKey.LENGTH, userKey, 0, PublicKey.LENGTH)) {
                found[0] = k;
                value[0] = v;
            }
        });
        return found[0] == null ? null : new byte[][] {found[0], value[0]};
    }

    static void pruneBelow(Tables t, long belowHeight, int max) {
        byte[] hi = StoreRecords.rangeBound(ByteBuffer.allocate(4).putInt((int) (belowHeight - 1)).array(), EVENT_HEIGHT_KEY_LENGTH, 0xff);
        // The oldest height keys, grouped by user in one pass: each user's record is read and written once.
        Map<Bytes, List<byte[]>> byUser = new LinkedHashMap<>();
        t.eventHeights().scanAfter(null, max, (k, v) -> {
            if (Arrays.compareUnsigned(k, hi) <= 0) {
                byUser.computeIfAbsent(Bytes.of(k, 4, PublicKey.LENGTH), u -> new ArrayList<>()).add(k);
            }
        });
        for (Map.Entry<Bytes, List<byte[]>> e : byUser.entrySet()) {
            byte[] userKey = e.getKey().toArray();
            UserId user = StoreRecords.userOfKey(userKey, 0, "event_heights");
            byte[] stored = t.monitorUsers().get(userKey);
            if (stored == null) {
                continue;
            }
            LogState s = decodeLogState(user, stored);
            for (byte[] k : e.getValue()) {
                byte[] eventKey = eventKey(userKey, ByteBuffer.wrap(k, 4 + PublicKey.LENGTH, 8).getLong());
                byte[] v = t.events().get(eventKey);
                t.eventHeights().remove(k);
                if (v != null) {
                    t.events().remove(eventKey);
                    s = s.withLog(s.nextCursor(), s.oldestCursor(), s.eventCount() - 1, s.eventBytes() - (v.length - EVENT_V1_FIXED));
                }
            }
            byte[][] first = firstEvent(t, userKey, 0);
            long oldest = first == null ? s.nextCursor() : cursorOfEventKey(first[0]);
            t.monitorUsers().put(userKey, encodeLogState(s.withLog(s.nextCursor(), oldest, s.eventCount(), s.eventBytes())));
        }
    }

    /** Removes the user's log: its record, every event and its height entry. */
    static void deleteLog(Tables t, byte[] userKey) {
        if (t.monitorUsers().get(userKey) == null) {
            return;
        }
        UserId user = StoreRecords.userOfKey(userKey, 0, "monitor_users");
        List<byte[][]> events = new ArrayList<>();
        t.events().scan(eventKey(userKey, 0), eventKey(userKey, -1L), (k, v) -> events.add(new byte[][] {k, v}));
        for (byte[][] e : events) {
            long cursor = cursorOfEventKey(e[0]);
            t.eventHeights().remove(eventHeightKey(decodeEvent(user, cursor, e[1]).height(), userKey, cursor));
            t.events().remove(e[0]);
        }
        t.monitorUsers().remove(userKey);
    }

    static Optional<EventReader.Slice> eventsAfter(Tables t, byte[] userKey, UserId user, long after, int limit) {
        byte[] stored = t.monitorUsers().get(userKey);
        if (stored == null) {
            return Optional.empty();
        }
        LogState s = decodeLogState(user, stored);
        List<StoredEvent> events = new ArrayList<>();
        t.events().scanAfter(eventKey(userKey, Math.max(0, after)), limit, (k, v) -> {
            if (Arrays.equals(k, 0, PublicKey.LENGTH, userKey, 0, PublicKey.LENGTH)) {
                events.add(decodeEvent(user, cursorOfEventKey(k), v));
            }
        });
        return Optional.of(new EventReader.Slice(events, s.nextCursor() - 1, s.oldestCursor()));
    }

    static List<MonitoredUser> loadUsers(Tables t) {
        List<MonitoredUser> users = new ArrayList<>();
        t.monitorUsers().scan(null, null, (k, v) -> {
            UserId user = StoreRecords.userOfKey(k, 0, "monitor_users");
            users.add(new MonitoredUser(user, decodeLogState(user, v).nextCursor()));
        });
        return users;
    }
}
