package dev.vigil.towerserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.monitor.StoredEvent;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.Tracker.Status.Confirmed;
import dev.vigil.towerserver.responder.Tracker.Status.InMempool;
import dev.vigil.towerserver.responder.Tracker.Status.SpentElsewhere;
import dev.vigil.towerserver.responder.Tracker.Status.Unsent;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the record formats: the encoder writes exactly the golden bytes of the current version, and
 * the reader reads every version ever written (the migration scaffold: a new version adds a golden
 * file and an entry in {@link #READERS}, and the old files must still read as today's records).
 */
class StoreRecordsTest {
    static final UserId USER = Fixtures.user(1);
    static final Locator LOCATOR = Fixtures.locator(1);
    static final UserRecord USER_RECORD = new UserRecord(USER, 10, 100, 5000);
    static final StoredAppointment APPOINTMENT = new StoredAppointment(USER,
            new Appointment(LOCATOR, Bytes.fromHex("deadbeef"), 144), "abc", 700_000, 1);
    static final ChainTip TIP = new ChainTip(new Hash256(Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")), 800_000);
    static final PrivateKey KEY = PrivateKey.fromHex("1100000000000000000000000000000000000000000000000000000000000001");
    /** The golden trackers' key: RIPEMD160(dispute locator || user), pinned as the golden files state it. */
    static final AppointmentId TRACKER_ID = new AppointmentId(Bytes.fromHex("8b84dd233487e424aa6f60441e4dd3824ac9e0c2"));
    static final Tracker TRACKER_UNSENT = goldenTracker(-1, new Unsent(800_001, "mempool min fee not met \u2014 110 < 141"));
    static final Tracker TRACKER_IN_MEMPOOL = goldenTracker(800_000, new InMempool(800_001, 800_003));
    static final Tracker TRACKER_CONFIRMED = goldenTracker(800_000, new Confirmed(800_002));
    static final Tracker TRACKER_SPENT_ELSEWHERE = goldenTracker(800_000, new SpentElsewhere(800_004));
    static final Tracker TRACKER_SPENT_ELSEWHERE_V2 = goldenTracker(800_000, new SpentElsewhere(800_004,
            Optional.of(new Tracker.ForeignSpend(Txid.ofInternal(bytesFrom(0xe0)), 2))))
            .withToSelfDelay(144).withDeadlineWarned(true).withAnnounced(new Tracker.Announced(5, 0, 7));
    static final Tracker TRACKER_CONFIRMED_V2 = TRACKER_CONFIRMED.withToSelfDelay(144).withAnnounced(new Tracker.Announced(5, 6, 0));
    /** The golden monitored user: its log at cursors 7 to 41, low slots and two expiry warnings sent. */
    static final MonitorRecords.LogState MONITOR_USER = new MonitorRecords.LogState(42, 7, 35, 12_345, 1, 816_665, 3, 0);
    /** The golden event's C is a real one: the golden tracker's breach_seen at cursor 5, in the golden tip's block. */
    static final MonitorEvent EVENT_BODY = new MonitorEvent.BreachSeen(new MonitorEvent.Head(5,
            EventId.of(TowerId.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"), USER, 5), USER, 800_000,
            new BlockHash(TIP.hash().internalOrder())), new MonitorEvent.Justice(TRACKER_CONFIRMED.locator(), TRACKER_CONFIRMED.disputeTxid(),
            TRACKER_CONFIRMED.penaltyTxid()), 144, 800_144);
    static final StoredEvent EVENT = new StoredEvent(USER, 5, EventType.BREACH_SEEN, 800_000, 1_796_214_000_000L,
            EventCodec.encode(EVENT_BODY));
    /** An event record's type, height and time, before its C. */
    private static final int EVENT_HEADER = 1 + 1 + 4 + 8;

    /** Every golden file, with what the current reader must make of it. */
    static final Map<String, Reading> READERS = Map.ofEntries(
            Map.entry("user-v1.hex", new Reading(USER_RECORD, v -> StoreRecords.decodeUser(USER, v))),
            Map.entry("appointment-v1.hex", new Reading(APPOINTMENT, v -> StoreRecords.decodeAppointment(LOCATOR, USER, v))),
            Map.entry("chain-tip-v1.hex", new Reading(TIP, StoreRecords::decodeTip)),
            Map.entry("tower-key-v1.hex", new Reading(KEY, StoreRecords::decodeTowerKey)),
            Map.entry("tracker-unsent-v1.hex", new Reading(TRACKER_UNSENT, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("tracker-in-mempool-v1.hex", new Reading(TRACKER_IN_MEMPOOL, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("tracker-confirmed-v1.hex", new Reading(TRACKER_CONFIRMED, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("tracker-spent-elsewhere-v1.hex", new Reading(TRACKER_SPENT_ELSEWHERE, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("tracker-spent-elsewhere-v2.hex", new Reading(TRACKER_SPENT_ELSEWHERE_V2, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("tracker-confirmed-v2.hex", new Reading(TRACKER_CONFIRMED_V2, v -> TrackerRecords.decodeTracker(TRACKER_ID, v))),
            Map.entry("monitor-user-v1.hex", new Reading(MONITOR_USER, v -> MonitorRecords.decodeLogState(USER, v))),
            Map.entry("event-v1.hex", new Reading(EVENT, v -> MonitorRecords.decodeEvent(USER, 5, v))));

    private static byte[] bytesFrom(int first) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private static Tracker goldenTracker(long disputeHeight, Tracker.Status status) {
        byte[] dispute = new byte[32];
        byte[] penalty = new byte[32];
        for (int i = 0; i < 32; i++) {
            dispute[i] = (byte) (0xa0 + i);
            penalty[i] = (byte) (0xc0 + i);
        }
        Txid disputeTxid = Txid.ofInternal(dispute);
        return new Tracker(TRACKER_ID, USER, disputeTxid.locator(), 3, disputeTxid, Bytes.fromHex("0200000001aa"),
                Txid.ofInternal(penalty), Bytes.fromHex("0200000001bb00"), disputeHeight, status);
    }

    record Reading(Object expected, Function<byte[], Object> reader) {}

    @Test
    void theEncodersWriteExactlyTheCurrentGoldenBytes() {
        assertArrayEquals(golden("user-v1.hex"), StoreRecords.encodeUser(USER_RECORD));
        assertArrayEquals(golden("appointment-v1.hex"), StoreRecords.encodeAppointment(APPOINTMENT));
        assertArrayEquals(golden("chain-tip-v1.hex"), StoreRecords.encodeTip(TIP));
        assertArrayEquals(golden("tower-key-v1.hex"), StoreRecords.encodeTowerKey(KEY));
        // Trackers are written as version 2; the version 1 files are read only (everyGoldenVersionReadsAsTodaysRecord).
        assertArrayEquals(golden("tracker-spent-elsewhere-v2.hex"), TrackerRecords.encodeTracker(TRACKER_SPENT_ELSEWHERE_V2));
        assertArrayEquals(golden("tracker-confirmed-v2.hex"), TrackerRecords.encodeTracker(TRACKER_CONFIRMED_V2));
        assertArrayEquals(golden("monitor-user-v1.hex"), MonitorRecords.encodeLogState(MONITOR_USER));
        assertArrayEquals(golden("event-v1.hex"), MonitorRecords.encodeEvent(EVENT));
    }

    @Test
    void everyGoldenVersionReadsAsTodaysRecord() throws IOException {
        Set<String> files = goldenFiles();
        assertEquals(new TreeSet<>(READERS.keySet()), files, "every golden file needs a reader, and every reader its file");
        for (String f : files) {
            Reading r = READERS.get(f);
            assertEquals(r.expected(), r.reader().apply(golden(f)), f);
        }
    }

    @Test
    void anUnknownVersionFailsClearly() {
        for (Map.Entry<String, Reading> e : READERS.entrySet()) {
            for (int version : new int[] {0, 9, 0xff}) {
                byte[] v = golden(e.getKey());
                v[0] = (byte) version;
                CorruptRecordException ex = assertThrows(CorruptRecordException.class, () -> e.getValue().reader().apply(v));
                assertTrue(ex.getMessage().contains("unknown record version " + version), ex.getMessage());
            }
        }
    }

    @Test
    void truncatedOrExtendedRecordsFailClearly() {
        for (Map.Entry<String, Reading> e : READERS.entrySet()) {
            if (e.getKey().equals("event-v1.hex")) {
                continue; // its C runs to the end of the record: anEventRecordIsItsHeaderThenItsC
            }
            byte[] g = golden(e.getKey());
            for (int len = 0; len < g.length; len++) {
                byte[] cut = Arrays.copyOf(g, len);
                assertThrows(CorruptRecordException.class, () -> e.getValue().reader().apply(cut), e.getKey() + " cut to " + len);
            }
            byte[] longer = Arrays.copyOf(g, g.length + 1);
            assertThrows(CorruptRecordException.class, () -> e.getValue().reader().apply(longer), e.getKey() + " + 1 byte");
        }
    }

    @Test
    void outOfRangeFieldsInsideARecordFailAsCorruption() {
        byte[] zeroKey = new byte[33];
        zeroKey[0] = 1;
        assertThrows(CorruptRecordException.class, () -> StoreRecords.decodeTowerKey(zeroKey));
        byte[] badUserKey = new byte[49];
        badUserKey[16] = 0x07;
        assertThrows(CorruptRecordException.class, () -> StoreRecords.userOfKey(badUserKey, 16, "appointments"));
    }

    @Test
    void appointmentsRoundTripWithLargeBlobsAndUnicodeSignatures() {
        StoredAppointment a = new StoredAppointment(USER, new Appointment(LOCATOR, Fixtures.blob(3, 70_000), 4_294_967_295L),
                "zbase32-é-ü", 4_294_967_295L, 4_294_967_295L);
        assertEquals(a, StoreRecords.decodeAppointment(LOCATOR, USER, StoreRecords.encodeAppointment(a)));
        StoredAppointment empty = new StoredAppointment(USER, new Appointment(LOCATOR, Bytes.EMPTY, 0), "", 0, 0);
        assertEquals(empty, StoreRecords.decodeAppointment(LOCATOR, USER, StoreRecords.encodeAppointment(empty)));
    }

    @Test
    void keysPutTheLocatorOrTheUserFirst() {
        byte[] k = StoreRecords.appointmentKey(LOCATOR, USER);
        assertArrayEquals(LOCATOR.value().concat(USER.key().compressed()).toArray(), k);
        assertArrayEquals(USER.key().compressed().concat(LOCATOR.value()).toArray(), StoreRecords.userLocatorKey(USER, LOCATOR));
        assertEquals(USER, StoreRecords.userOfKey(k, 16, "test"));
        assertEquals(LOCATOR, StoreRecords.locatorOfKey(k, 0));
    }

    // ------------------------------------------------------------------ channel monitoring

    @Test
    void theGoldenEventHoldsTheSignedBytesOfARealEvent() {
        assertEquals(EVENT_BODY, EventCodec.decode(MonitorRecords.decodeEvent(USER, 5, golden("event-v1.hex")).c().toArray()).orElseThrow());
    }

    /**
     * An event record has no length of its own: C is the rest of it (the commit journal, not the
     * record, keeps a write whole). A cut inside the header fails; one inside C reads as a shorter C.
     */
    @Test
    void anEventRecordIsItsHeaderThenItsC() {
        byte[] g = golden("event-v1.hex");
        for (int len = 0; len <= EVENT_HEADER; len++) {
            byte[] cut = Arrays.copyOf(g, len);
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> MonitorRecords.decodeEvent(USER, 5, cut), "cut to " + len);
            assertTrue(e.getMessage().startsWith("event 5 of " + USER + ": "), e.getMessage());
        }
        byte[] oneByte = Arrays.copyOf(g, EVENT_HEADER + 1);
        assertEquals(Bytes.of(new byte[] {'{'}), MonitorRecords.decodeEvent(USER, 5, oneByte).c());
        byte[] tooLong = Arrays.copyOf(g, EVENT_HEADER + EventCodec.MAX_EVENT_BYTES + 1);
        assertThrows(CorruptRecordException.class, () -> MonitorRecords.decodeEvent(USER, 5, tooLong));
        assertEquals(EventCodec.MAX_EVENT_BYTES, MonitorRecords.decodeEvent(USER, 5, Arrays.copyOf(g, EVENT_HEADER + EventCodec.MAX_EVENT_BYTES))
                .c().length());
    }

    @Test
    void inconsistentMonitorRecordsFailAsCorruptionNamingTheUser() {
        byte[] user = golden("monitor-user-v1.hex");
        String who = "monitor user " + USER + ": ";
        // The oldest cursor above the next one, a next cursor of 0, a cursor past 2^63.
        assertRefused(() -> MonitorRecords.decodeLogState(USER, with(user, 8, 0x00)), who, "cursors");
        assertRefused(() -> MonitorRecords.decodeLogState(USER, with(user, 16, 0x2b)), who, "cursors");
        assertRefused(() -> MonitorRecords.decodeLogState(USER, with(user, 1, 0x80)), who, "cursors");
        byte[] event = golden("event-v1.hex");
        String which = "event 5 of " + USER + ": ";
        assertRefused(() -> MonitorRecords.decodeEvent(USER, 5, with(event, 1, 0)), which, "unknown event type 0");
        assertRefused(() -> MonitorRecords.decodeEvent(USER, 5, with(event, 1, 15)), which, "unknown event type 15");
        assertRefused(() -> MonitorRecords.decodeEvent(USER, 5, with(event, 6, 0x80)), which, "committedMs");
    }

    /** As for trackers: a damaged monitoring record reads back to exactly its bytes, or is refused naming it. */
    @Test
    void damagedMonitorRecordsAreReadBackExactlyOrRefusedAsCorruption() {
        assertDamagedReadBackOrRefused(golden("monitor-user-v1.hex"), "monitor user " + USER,
                v -> MonitorRecords.encodeLogState(MonitorRecords.decodeLogState(USER, v)));
        assertDamagedReadBackOrRefused(golden("event-v1.hex"), "event 5 of " + USER,
                v -> MonitorRecords.encodeEvent(MonitorRecords.decodeEvent(USER, 5, v)));
    }

    /** Damages {@code golden} at random, 20,000 times: {@code readAndWrite} gives back the same bytes or throws corruption naming {@code what}. */
    private static void assertDamagedReadBackOrRefused(byte[] golden, String what, Function<byte[], byte[]> readAndWrite) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] v = golden.clone();
            // Most damage in the first 32 bytes, where the fields are; the rest of an event is its C.
            for (int c = 1 + random.nextInt(3); c > 0; c--) {
                int at = random.nextInt(Math.min(v.length, 32));
                v[at] = random.nextInt(4) == 0 ? (byte) (v[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
            }
            byte[] back;
            try {
                back = readAndWrite.apply(v);
            } catch (CorruptRecordException e) {
                assertTrue(e.getMessage().startsWith(what + ": "), e.getMessage());
                refused++;
                continue;
            }
            decoded++;
            assertArrayEquals(v, back, "seed " + seed + ": " + Hex.encode(v));
        }
        assertTrue(decoded > 0 && refused > 0, what + ": both outcomes were exercised: " + decoded + " read, " + refused + " refused");
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable read, String prefix, String messagePart) {
        CorruptRecordException e = assertThrows(CorruptRecordException.class, read);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    // ------------------------------------------------------------------ trackers

    @Test
    void theGoldenTrackersKeyIsTheAppointmentIdOfTheirLocatorAndUser() {
        assertEquals(TRACKER_ID, AppointmentId.of(TRACKER_UNSENT.disputeTxid().locator(), USER));
        assertArrayEquals(TRACKER_ID.value().toArray(), TrackerRecords.trackerKey(TRACKER_ID));
        assertEquals(TRACKER_ID, TrackerRecords.trackerIdOfKey(TrackerRecords.trackerKey(TRACKER_ID)));
        assertThrows(CorruptRecordException.class, () -> TrackerRecords.trackerIdOfKey(new byte[21]));
    }

    @Test
    void seededRandomTrackersRoundTrip() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 3_000; i++) {
            Tracker t = randomTracker(random);
            byte[] encoded = TrackerRecords.encodeTracker(t);
            assertEquals(expectedAfterStoring(t), TrackerRecords.decodeTracker(t.id(), encoded), "seed " + seed + ", tracker " + i);
        }
    }

    @Test
    void aDisputeHeightOfMinusOneIsStoredApartFromEveryHeight() {
        Tracker unconfirmed = TRACKER_CONFIRMED.withDisputeHeight(-1);
        Tracker atZero = TRACKER_CONFIRMED.withDisputeHeight(0);
        Tracker atMax = TRACKER_CONFIRMED.withDisputeHeight(4_294_967_295L);
        for (Tracker t : new Tracker[] {unconfirmed, atZero, atMax}) {
            assertEquals(t, TrackerRecords.decodeTracker(TRACKER_ID, TrackerRecords.encodeTracker(t)));
        }
        assertEquals(TrackerRecords.encodeTracker(atZero).length - 4, TrackerRecords.encodeTracker(unconfirmed).length,
                "an unconfirmed dispute stores no height");
    }

    @Test
    void longAnswersAreCutToAThousandBytesOnACharacterBoundary() {
        String a999 = "a".repeat(999);
        assertStoredAnswer("a".repeat(1000), "a".repeat(1000));
        assertStoredAnswer("a".repeat(1001), "a".repeat(1000));
        assertStoredAnswer(a999 + "\u00e9", a999); // 2 bytes at 999..1000: the second would be byte 1001
        assertStoredAnswer("a".repeat(998) + "\u00e9", "a".repeat(998) + "\u00e9");
        assertStoredAnswer("a".repeat(997) + "\u20ac" + "b", "a".repeat(997) + "\u20ac"); // 3 bytes end at 1000
        assertStoredAnswer("a".repeat(998) + "\u20ac", "a".repeat(998));
        assertStoredAnswer("a".repeat(997) + "\ud83d\ude00", "a".repeat(997)); // 4 bytes: one character, not half of it
        assertStoredAnswer("\u20ac".repeat(400), "\u20ac".repeat(333));
        assertStoredAnswer("", "");
    }

    private static void assertStoredAnswer(String written, String read) {
        Tracker t = TRACKER_UNSENT.withStatus(new Unsent(7, written));
        Tracker back = TrackerRecords.decodeTracker(TRACKER_ID, TrackerRecords.encodeTracker(t));
        assertEquals(TRACKER_UNSENT.withStatus(new Unsent(7, read)), back);
    }

    @Test
    void whatCouldNotBeReadBackIsRefusedOnWrite() {
        Tracker otherId = new Tracker(new AppointmentId(Bytes.of(new byte[20])), USER, TRACKER_UNSENT.locator(), 1,
                TRACKER_UNSENT.disputeTxid(), Bytes.EMPTY, TRACKER_UNSENT.penaltyTxid(), Bytes.EMPTY, -1, new Confirmed(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrackerRecords.encodeTracker(otherId));
        assertTrue(e.getMessage().contains("appointment id"), e.getMessage());
        // Heights outside u32 cannot even be built: the status records check them.
        assertThrows(IllegalArgumentException.class, () -> new Unsent(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new InMempool(1, 4_294_967_296L));
        assertThrows(IllegalArgumentException.class, () -> new InMempool(-2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Confirmed(4_294_967_296L));
        assertThrows(IllegalArgumentException.class, () -> new SpentElsewhere(-1));
        assertThrows(IllegalArgumentException.class,
                () -> TrackerRecords.encodeTracker(TRACKER_CONFIRMED.withDisputeHeight(4_294_967_296L)));
    }

    @Test
    void inconsistentTrackerRecordsFailAsCorruptionNamingTheTracker() {
        byte[] g = golden("tracker-unsent-v1.hex");
        int flag = 1 + 33 + 4 + 32 + 32;
        int tag = flag + 1;
        int answerLength = tag + 1 + 4;
        int answer = answerLength + 2;
        assertCorrupt(TRACKER_ID, with(g, flag, 2), "unknown dispute height flag 2");
        assertCorrupt(TRACKER_ID, with(g, tag, 0), "unknown status tag 0");
        assertCorrupt(TRACKER_ID, with(g, tag, 5), "unknown status tag 5");
        assertCorrupt(TRACKER_ID, with(g, 1, 0x04), "compressed public key");
        // The em dash's first byte made a lone continuation byte: not UTF-8.
        int dash = answer + "mempool min fee not met ".length();
        assertCorrupt(TRACKER_ID, with(g, dash, 0x80), "UTF-8");
        // Filed under another key, or with another user or dispute than its key says.
        AppointmentId other = AppointmentId.of(TRACKER_UNSENT.locator(), Fixtures.user(2));
        assertCorrupt(other, g, "the key is not the appointment id");
        assertCorrupt(TRACKER_ID, with(g, 1 + 33 - 1, 0x01), "the key is not the appointment id");
        assertCorrupt(TRACKER_ID, with(g, 1 + 33 + 4, 0x00), "the key is not the appointment id");
        // What the key does not cover (here the penalty txid) cannot be checked: it reads as another tracker.
        assertEquals(0, TrackerRecords.decodeTracker(TRACKER_ID, with(g, 1 + 33 + 4 + 32, 0)).penaltyTxid().internal().get(0));
        // An answer longer than any writer stores, though the record is otherwise whole.
        byte[] longAnswer = TrackerRecords.encodeTracker(TRACKER_UNSENT.withStatus(new Unsent(1, "a".repeat(1000))));
        byte[] tooLong = new byte[longAnswer.length + 1];
        System.arraycopy(longAnswer, 0, tooLong, 0, answer);
        tooLong[answerLength] = (byte) (1001 >> 8);
        tooLong[answerLength + 1] = (byte) 1001;
        tooLong[answer] = 'a';
        System.arraycopy(longAnswer, answer, tooLong, answer + 1, longAnswer.length - answer);
        assertCorrupt(TRACKER_ID, tooLong, "answer length 1001");
        // A tx length past the end of the record.
        int disputeTxLength = answer + 37;
        assertCorrupt(TRACKER_ID, with(g, disputeTxLength, 0x7f), "dispute tx length");
        assertCorrupt(TRACKER_ID, with(g, disputeTxLength + 3, 7), "penalty tx length");
    }

    /** Whatever a record turns into, the reader answers a tracker or a {@link CorruptRecordException}, and a tracker it reads is written back to exactly those bytes. */
    @Test
    void damagedTrackerRecordsAreReadBackExactlyOrRefusedAsCorruption() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> records = new ArrayList<>();
        for (String f : new String[] {"tracker-spent-elsewhere-v2.hex", "tracker-confirmed-v2.hex"}) {
            records.add(golden(f));
        }
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] v = records.get(random.nextInt(records.size())).clone();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(v.length);
                v[at] = random.nextInt(4) == 0 ? (byte) (v[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
            }
            Tracker t;
            try {
                t = TrackerRecords.decodeTracker(TRACKER_ID, v);
            } catch (CorruptRecordException e) {
                assertTrue(e.getMessage().startsWith("tracker " + TRACKER_ID), e.getMessage());
                refused++;
                continue;
            }
            decoded++;
            assertArrayEquals(v, TrackerRecords.encodeTracker(t), "seed " + seed + ": " + Hex.encode(v));
        }
        assertTrue(decoded > 0 && refused > 0, "both outcomes were exercised: " + decoded + " read, " + refused + " refused");
    }

    private static void assertCorrupt(AppointmentId key, byte[] value, String messagePart) {
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> TrackerRecords.decodeTracker(key, value));
        assertTrue(e.getMessage().startsWith("tracker " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static byte[] with(byte[] record, int at, int value) {
        byte[] v = record.clone();
        v[at] = (byte) value;
        return v;
    }

    /** A tracker with random fields, every status, heights at the edges, answers of any length and script. */
    static Tracker randomTracker(Random r) {
        UserId user = Fixtures.user(r.nextInt());
        Txid dispute = new Txid(Bytes.of(randomBytes(r, 32)));
        Tracker.Status status;
        switch (r.nextInt(4)) {
            case 0 -> status = new Unsent(randomHeight(r), randomText(r));
            case 1 -> status = new InMempool(randomHeight(r), randomHeight(r));
            case 2 -> status = new Confirmed(randomHeight(r));
            default -> status = new SpentElsewhere(randomHeight(r));
        }
        long disputeHeight = r.nextInt(3) == 0 ? -1 : randomHeight(r);
        return new Tracker(AppointmentId.of(dispute.locator(), user), user, dispute.locator(), randomHeight(r), dispute,
                Bytes.of(randomBytes(r, r.nextInt(5) == 0 ? 0 : r.nextInt(3_000))), new Txid(Bytes.of(randomBytes(r, 32))),
                Bytes.of(randomBytes(r, r.nextInt(3_000))), disputeHeight, status);
    }

    /** What reading a stored {@code t} must give: {@code t}, its answer cut to the first 1,000 bytes' whole characters. */
    static Tracker expectedAfterStoring(Tracker t) {
        if (!(t.status() instanceof Unsent u)) {
            return t;
        }
        // Counted a code point at a time: a different way from the encoder's, so the two check each other.
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int cp : u.lastAnswer().codePoints().toArray()) {
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > TrackerRecords.TRACKER_ANSWER_MAX_BYTES) {
                break;
            }
            bytes += size;
            kept.appendCodePoint(cp);
        }
        return t.withStatus(new Unsent(u.sinceHeight(), kept.toString()));
    }

    private static long randomHeight(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 4_294_967_295L;
            default -> r.nextInt(1_000_000);
        };
    }

    private static String randomText(Random r) {
        int length = r.nextInt(4) == 0 ? 300 + r.nextInt(900) : r.nextInt(80);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (r.nextInt(4)) {
                case 0 -> s.appendCodePoint(0x80 + r.nextInt(0x780)); // 2 bytes
                case 1 -> s.appendCodePoint(0x800 + r.nextInt(0xD000 - 0x800)); // 3 bytes, below the surrogates
                case 2 -> s.appendCodePoint(0x10000 + r.nextInt(0x100000)); // 4 bytes
                default -> s.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] golden(String name) {
        return golden("store", name);
    }

    /** A golden hex file under {@code /golden/<folder>/}: {@code #} lines are comments, spaces ignored. */
    static byte[] golden(String folder, String name) {
        try (InputStream in = StoreRecordsTest.class.getResourceAsStream("/golden/" + folder + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#"))
                    .map(l -> l.replace(" ", ""))
                    .collect(Collectors.joining());
            return Hex.decode(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> goldenFiles() throws IOException {
        URL dir = StoreRecordsTest.class.getResource("/golden/store");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
