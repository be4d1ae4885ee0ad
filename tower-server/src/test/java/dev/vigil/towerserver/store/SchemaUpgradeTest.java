package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.EventReader;
import dev.vigil.towerserver.monitor.MonitoredUser;
import dev.vigil.towerserver.monitor.StoredEvent;
import dev.vigil.towerserver.responder.Tracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * A store of schema version 2, as the build before channel monitoring wrote it (MapDB over a
 * journaled volume, the maps {@code meta}, {@code users}, {@code appointments}, {@code user_locators}
 * and {@code trackers}, its trackers in record version 1), opened by this build (docs/storage.md,
 * "Versions"): brought to version 3 in place, keeping everything; and a store of a later version
 * refused without a byte changed.
 */
class SchemaUpgradeTest {
    private static final List<String> V2_MAPS = List.of("meta", "users", "appointments", "user_locators", "trackers");
    private static final List<String> V3_MAPS = List.of("monitor_users", "events", "event_heights", "watches", "user_watches", "webhooks");
    private static final List<String> SETS = List.of("user_locators", "event_heights", "user_watches");

    @TempDir
    Path dir;
    private final List<TowerStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(TowerStore::close);
    }

    private MapDbTowerStore open(Path file) {
        MapDbTowerStore s = await(MapDbTowerStore.open(file));
        opened.add(s);
        return s;
    }

    /** Opens the file as MapDbTables does (MapDB on a journaled volume), for a test to build or read it raw. */
    private static DB raw(Path file) {
        boolean existed = Files.exists(file);
        return DBMaker.volumeDB(JournaledFileVolume.open(file), existed).make();
    }

    private static BTreeMap<byte[], byte[]> map(DB db, String name) {
        return db.treeMap(name, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open();
    }

    /**
     * Writes a version 2 store: the maps the build before schema 3 created, configured as it did, and
     * in them the golden user, appointment and version 1 tracker, a tower key and a tip.
     */
    private static void createVersionTwoStore(Path file, int version) {
        DB db = raw(file);
        try {
            VersionTwoMaps v2 = VersionTwoMaps.create(db);
            BTreeMap<byte[], byte[]> trackers = db.treeMap("trackers", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable().create();
            v2.meta().put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(version));
            v2.meta().put(TowerStore.META_TOWER_KEY, StoreRecords.encodeTowerKey(key(7)));
            v2.meta().put(TowerStore.META_TIP, StoreRecords.encodeTip(StoreRecordsTest.TIP));
            v2.users().put(StoreRecords.userKey(StoreRecordsTest.USER), StoreRecordsTest.golden("user-v1.hex"));
            v2.appointments().put(StoreRecords.appointmentKey(StoreRecordsTest.LOCATOR, StoreRecordsTest.USER),
                    StoreRecordsTest.golden("appointment-v1.hex"));
            v2.userLocators().add(StoreRecords.userLocatorKey(StoreRecordsTest.USER, StoreRecordsTest.LOCATOR));
            trackers.put(TrackerRecords.trackerKey(StoreRecordsTest.TRACKER_ID), StoreRecordsTest.golden("tracker-confirmed-v1.hex"));
            db.commit();
        } finally {
            db.close();
        }
    }

    /** The maps of a version 2 store but its trackers, created as that build created them. */
    record VersionTwoMaps(BTreeMap<byte[], byte[]> meta, BTreeMap<byte[], byte[]> users, BTreeMap<byte[], byte[]> appointments,
            NavigableSet<byte[]> userLocators) {
        static VersionTwoMaps create(DB db) {
            return new VersionTwoMaps(db.treeMap("meta", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create(),
                    db.treeMap("users", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create(),
                    // Blobs outside the B-tree nodes, as MapDbTables makes them.
                    db.treeMap("appointments", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create(),
                    db.treeSet("user_locators", Serializer.BYTE_ARRAY).create());
        }
    }

    /** Every map and set of a closed store, by name: its entries as hex, in key order. */
    private static Map<String, Map<String, String>> dump(Path file) {
        DB db = raw(file);
        try {
            Map<String, Map<String, String>> all = new TreeMap<>();
            for (String name : db.getAllNames()) {
                Map<String, String> entries = new TreeMap<>();
                if (SETS.contains(name)) {
                    db.treeSet(name, Serializer.BYTE_ARRAY).open().forEach(k -> entries.put(Hex.encode(k), ""));
                } else {
                    map(db, name).forEach((k, v) -> entries.put(Hex.encode(k), Hex.encode(v)));
                }
                all.put(name, entries);
            }
            return all;
        } finally {
            db.close();
        }
    }

    private static int schemaOf(Map<String, Map<String, String>> dump) {
        String hex = dump.get("meta").get(Hex.encode(TowerStore.META_SCHEMA));
        return StoreRecords.decodeSchemaVersion(Hex.decode(hex));
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aVersionTwoStoreIsBroughtToThreeKeepingAllItHeld() throws IOException {
        Path file = dir.resolve("tower.db");
        createVersionTwoStore(file, 2);
        Map<String, Map<String, String>> before = dump(file);
        assertEquals(new TreeSet<>(V2_MAPS), before.keySet(), "the file is a version 2 store");
        assertEquals(2, schemaOf(before));

        MapDbTowerStore s = open(file);
        // What it held reads back as before, through the ports.
        assertEquals(List.of(StoreRecordsTest.USER_RECORD), await(s.loadUsers()));
        assertEquals(Optional.of(StoreRecordsTest.APPOINTMENT),
                await(s.findAppointment(StoreRecordsTest.LOCATOR, StoreRecordsTest.USER)));
        assertEquals(List.of(StoreRecordsTest.LOCATOR), await(s.locatorsOf(StoreRecordsTest.USER)));
        assertEquals(List.of(StoreRecordsTest.TRACKER_CONFIRMED), await(s.loadTrackers()));
        assertEquals(key(7), await(s.loadOrCreateTowerKey(() -> key(8))));
        assertEquals(Optional.of(StoreRecordsTest.TIP), s.load());
        // Nobody is monitored yet.
        assertEquals(List.of(), await(s.loadMonitoredUsers()));
        assertEquals(Optional.empty(), await(s.eventsAfter(StoreRecordsTest.USER, 0, 10)));
        s.close();

        Map<String, Map<String, String>> after = dump(file);
        assertEquals(3, schemaOf(after));
        Set<String> names = new TreeSet<>(V2_MAPS);
        names.addAll(V3_MAPS);
        assertEquals(names, after.keySet(), "the monitoring maps were added, and nothing else");
        for (String m : V3_MAPS) {
            assertEquals(Map.of(), after.get(m), m + " is empty");
        }
        for (String m : V2_MAPS) {
            Map<String, String> expected = new TreeMap<>(before.get(m));
            if (m.equals("meta")) {
                expected.put(Hex.encode(TowerStore.META_SCHEMA), Hex.encode(StoreRecords.encodeSchemaVersion(3)));
            }
            assertEquals(expected, after.get(m), m + " is unchanged, byte for byte (meta: but its version)");
        }
        assertFalse(Files.exists(JournaledFileVolume.journalOf(file)), "closed cleanly");
    }

    @Test
    void openingTheUpgradedStoreAgainChangesNothing() throws IOException {
        Path file = dir.resolve("tower.db");
        createVersionTwoStore(file, 2);
        open(file).close();
        byte[] bytes = Files.readAllBytes(file);
        Map<String, Map<String, String>> upgraded = dump(file);

        MapDbTowerStore again = open(file);
        assertEquals(List.of(StoreRecordsTest.TRACKER_CONFIRMED), await(again.loadTrackers()));
        again.close();

        Map<String, Map<String, String>> reopened = dump(file);
        assertEquals(upgraded, reopened);
        assertEquals(3, schemaOf(reopened));
        assertArrayEquals(bytes, Files.readAllBytes(file), "an open and a close of a version 3 store write nothing");
    }

    @Test
    void theUpgradedStoreTakesMonitoringLogsAndNewTrackers() {
        Path file = dir.resolve("tower.db");
        createVersionTwoStore(file, 2);
        MapDbTowerStore s = open(file);
        StoredEvent e = new StoredEvent(StoreRecordsTest.USER, 1, EventType.BREACH_SEEN, 800_001, 1_000,
                Bytes.of("{\"v\":1}".getBytes(StandardCharsets.US_ASCII)));
        Tracker v2 = StoreRecordsTest.TRACKER_CONFIRMED_V2;
        BlockBatch b = s.open();
        b.enrollUser(StoreRecordsTest.USER);
        b.appendEvent(e, EventBounds.DEFAULT);
        b.putTracker(v2);
        await(b.commit(Optional.empty()));
        s.close();

        MapDbTowerStore again = open(file);
        assertEquals(List.of(new MonitoredUser(StoreRecordsTest.USER, 2)), await(again.loadMonitoredUsers()));
        assertEquals(Optional.of(new EventReader.Slice(List.of(e), 1, 1)), await(again.eventsAfter(StoreRecordsTest.USER, 0, 10)));
        assertEquals(List.of(v2), await(again.loadTrackers()), "the version 1 tracker replaced by its version 2 record");
    }

    @Test
    void aStoreOfALaterVersionIsRefusedAndNotAByteChanges() throws IOException {
        for (int version : new int[] {4, 0x7fffffff}) {
            Path file = dir.resolve("tower-" + version + ".db");
            // Written by a later build: whatever it holds, this build does not know its meaning.
            createVersionTwoStore(file, version);
            byte[] bytes = Files.readAllBytes(file);
            List<Path> listing = listing();

            Throwable failure = failure(MapDbTowerStore.open(file));

            IncompatibleStoreException e = assertInstanceOf(IncompatibleStoreException.class, failure);
            assertTrue(e.getMessage().contains("schema version " + version), e.getMessage());
            assertTrue(e.getMessage().contains("newer"), e.getMessage());
            assertArrayEquals(bytes, Files.readAllBytes(file), "version " + version);
            assertEquals(listing, listing(), "no journal or temporary file left beside it");
            assertEquals(new TreeSet<>(V2_MAPS), dump(file).keySet(), "no map was added");
        }
    }
}
