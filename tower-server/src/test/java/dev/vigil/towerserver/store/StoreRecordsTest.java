package dev.vigil.towerserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
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
    static final ChainTip TIP = new ChainTip(Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), 800_000);
    static final PrivateKey KEY = PrivateKey.fromHex("1100000000000000000000000000000000000000000000000000000000000001");

    /** Every golden file, with what the current reader must make of it. */
    static final Map<String, Reading> READERS = Map.of(
            "user-v1.hex", new Reading(USER_RECORD, v -> StoreRecords.decodeUser(USER, v)),
            "appointment-v1.hex", new Reading(APPOINTMENT, v -> StoreRecords.decodeAppointment(LOCATOR, USER, v)),
            "chain-tip-v1.hex", new Reading(TIP, StoreRecords::decodeTip),
            "tower-key-v1.hex", new Reading(KEY, StoreRecords::decodeTowerKey));

    record Reading(Object expected, Function<byte[], Object> reader) {}

    @Test
    void theEncodersWriteExactlyTheCurrentGoldenBytes() {
        assertArrayEquals(golden("user-v1.hex"), StoreRecords.encodeUser(USER_RECORD));
        assertArrayEquals(golden("appointment-v1.hex"), StoreRecords.encodeAppointment(APPOINTMENT));
        assertArrayEquals(golden("chain-tip-v1.hex"), StoreRecords.encodeTip(TIP));
        assertArrayEquals(golden("tower-key-v1.hex"), StoreRecords.encodeTowerKey(KEY));
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
            for (int version : new int[] {0, 2, 0xff}) {
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

    static byte[] golden(String name) {
        try (InputStream in = StoreRecordsTest.class.getResourceAsStream("/golden/store/" + name)) {
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
