package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.key;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.tracker;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.Tracker.Status.Confirmed;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

class MapDbTowerStoreTest extends TowerStoreContract {
    @TempDir
    Path dir;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected TowerStore newStore(int maxBatch, FaultInjectingTables.Faults faults) {
        Path file = dir.resolve("tower-" + files.incrementAndGet() + ".db");
        TowerStore s = new TowerStore("vigil-store", maxBatch, () -> new FaultInjectingTables(MapDbTables.open(file), faults));
        await(s.opened());
        return s;
    }

    private MapDbTowerStore open(Path file) {
        return track(await(MapDbTowerStore.open(file)));
    }

    @Test
    void aReopenedStoreHasEverythingThatWasAcknowledged() {
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        await(s.loadOrCreateTowerKey(() -> key(5)));
        await(s.putUser(userRecord(user(1), 10)));
        await(s.putAppointment(appointment(user(2), locator(2), 2), userRecord(user(2), 4)));
        ChainTip tip = new ChainTip(new Hash256(Bytes.of(new byte[32])), 123);
        s.save(tip);
        Tracker kept = tracker(user(2), 1);
        Tracker replaced = tracker(user(2), 2);
        Tracker removed = tracker(user(3), 3);
        for (Tracker t : List.of(kept, replaced, removed)) {
            await(s.putTracker(t));
        }
        await(s.putTracker(replaced.withStatus(new Confirmed(800_010))));
        await(s.forgetTracker(removed.id(), Optional.empty()));
        s.close();

        MapDbTowerStore again = open(file);
        assertEquals(key(5), await(again.loadOrCreateTowerKey(() -> key(6))));
        assertEquals(2, await(again.loadUsers()).size());
        assertEquals(List.of(appointment(user(2), locator(2), 2)), await(again.findByLocators(List.of(locator(2)))));
        assertEquals(List.of(locator(2)), await(again.locatorsOf(user(2))));
        assertEquals(Optional.of(tip), again.load());
        assertEquals(TowerStoreContract.byId(List.of(kept, replaced.withStatus(new Confirmed(800_010)))),
                await(again.loadTrackers()));
    }

    @Test
    void aStoreOfAnOlderSchemaIsRefusedAndLeftUnchanged() throws IOException {
        Path file = dir.resolve("tower.db");
        createStoreWithoutTrackers(file, 1, userRecord(user(1), 7), appointment(user(1), locator(1), 1));
        byte[] bytes = Files.readAllBytes(file);

        Throwable e = failure(MapDbTowerStore.open(file));

        assertInstanceOf(IncompatibleStoreException.class, e);
        assertTrue(e.getMessage().contains("schema version 1"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aVersionTwoStoreWithoutItsTrackersMapIsRefusedAsDamagedAndLeftUnchanged() throws IOException {
        Path file = dir.resolve("tower.db");
        createStoreWithoutTrackers(file, StoreRecords.STORE_SCHEMA_VERSION, userRecord(user(1), 7),
                appointment(user(1), locator(1), 1));
        byte[] bytes = Files.readAllBytes(file);

        Throwable e = failure(MapDbTowerStore.open(file));

        assertInstanceOf(IncompatibleStoreException.class, e);
        assertTrue(e.getMessage().contains("no trackers map"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aCorruptTrackerFailsTheLoadNamingItAndCanBeRemoved() {
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        Tracker good = tracker(user(1), 1);
        Tracker bad = tracker(user(1), 2);
        await(s.putTracker(good));
        await(s.putTracker(bad));
        s.close();
        rewrite(file, "trackers", TrackerRecords.trackerKey(bad.id()), new byte[] {9, 9, 9});

        MapDbTowerStore again = open(file);
        Throwable e = failure(again.loadTrackers());
        assertInstanceOf(CorruptRecordException.class, e);
        assertTrue(e.getMessage().contains("tracker " + bad.id() + ": unknown record version 9"), e.getMessage());
        await(again.forgetTracker(bad.id(), Optional.empty()));
        assertEquals(List.of(good), await(again.loadTrackers()));
    }

    /** A store without the trackers map, of schema {@code version}, with one user and one appointment. */
    private static void createStoreWithoutTrackers(Path file, int version, UserRecord user, StoredAppointment a) {
        DB db = DBMaker.fileDB(file.toString()).transactionEnable().make();
        try {
            SchemaUpgradeTest.VersionTwoMaps maps = SchemaUpgradeTest.VersionTwoMaps.create(db);
            maps.meta().put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(version));
            maps.users().put(StoreRecords.userKey(user.id()), StoreRecords.encodeUser(user));
            maps.appointments().put(StoreRecords.appointmentKey(a.appointment().locator(), a.user()), StoreRecords.encodeAppointment(a));
            maps.userLocators().add(StoreRecords.userLocatorKey(a.user(), a.appointment().locator()));
            db.commit();
        } finally {
            db.close();
        }
    }

    @Test
    void theStoreThreadIsNamedAndNotADaemon() {
        MapDbTowerStore s = open(dir.resolve("tower.db"));
        Thread[] owner = new Thread[1];
        // The key generator runs on the store's thread.
        await(s.loadOrCreateTowerKey(() -> {
            owner[0] = Thread.currentThread();
            return key(1);
        }));
        assertEquals("vigil-store", owner[0].getName());
        assertFalse(owner[0].isDaemon());
    }

    @Test
    void groupCommitNeedsFarFewerCommitsThanPuts() throws Exception {
        MapDbTowerStore s = open(dir.resolve("tower.db"));
        int threads = 4;
        int perThread = 500;
        long before = s.commitCount();
        Fixtures.putConcurrently(s, threads, perThread);
        long commits = s.commitCount() - before;
        int puts = threads * perThread;
        System.out.printf(java.util.Locale.ROOT, "group commit: %d puts in %d commits%n", puts, commits);
        assertTrue(commits * 10 <= puts, commits + " commits for " + puts + " puts");
        assertEquals((long) puts, await(s.forEachLocator(l -> { })));
    }

    /** A store at {@code tower.db} holding one user, closed. */
    private Path closedStoreWithOneUser() {
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        await(s.putUser(userRecord(user(1), 1)));
        s.close();
        return file;
    }

    @Test
    void aStoreOfANewerSchemaIsRefusedAndLeftUnchanged() throws IOException {
        Path file = closedStoreWithOneUser();
        int newer = StoreRecords.STORE_SCHEMA_VERSION + 1;
        rewriteMeta(file, TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(newer));
        byte[] bytes = Files.readAllBytes(file);
        List<Path> listing = listing();

        Throwable e = failure(MapDbTowerStore.open(file));

        assertInstanceOf(IncompatibleStoreException.class, e);
        assertTrue(e.getMessage().contains("schema version " + newer), e.getMessage());
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
        assertEquals(listing, listing());
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedAndLeftAlone() throws IOException {
        Path file = dir.resolve("tower.db");
        byte[] junk = "not a mapdb file, just text that is long enough to have a header".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, junk);
        failure(MapDbTowerStore.open(file));
        assertArrayEquals(junk, Files.readAllBytes(file));
    }

    @Test
    void aLeftoverTemporaryStoreIsReplacedByAFreshOne() throws IOException {
        Path file = dir.resolve("tower.db");
        // What a crash during creation leaves: a partial .tmp and its journal.
        Files.write(dir.resolve("tower.db.tmp"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("tower.db.tmp.journal"), new byte[] {4, 5, 6});
        MapDbTowerStore s = open(file);
        await(s.putUser(userRecord(user(1), 1)));
        assertEquals(List.of(userRecord(user(1), 1)), await(s.loadUsers()));
        assertFalse(Files.exists(dir.resolve("tower.db.tmp")));
        assertFalse(Files.exists(dir.resolve("tower.db.tmp.journal")));
    }

    @Test
    void aLeftoverTemporaryStoreBesideACompleteStoreIsDeletedAndTheStoreKept() throws IOException {
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        await(s.loadOrCreateTowerKey(() -> key(7)));
        s.close();
        Files.write(dir.resolve("tower.db.tmp"), new byte[] {1, 2, 3});
        MapDbTowerStore again = open(file);
        assertEquals(key(7), await(again.loadOrCreateTowerKey(() -> key(8))));
        assertFalse(Files.exists(dir.resolve("tower.db.tmp")));
    }

    @Test
    void aWritingStoreHasOnlyItsFileAndJournalAndACleanCloseLeavesOnlyTheStore() throws IOException {
        Path file = closedStoreWithOneUser();
        MapDbTowerStore again = open(file);
        for (int i = 2; i < 40; i++) {
            await(again.putAppointment(appointment(user(1), locator(i), i), userRecord(user(1), i)));
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("tower.db", "tower.db.journal"), names, "only the store and its journal");
        }
        assertEquals(List.of(userRecord(user(1), 39)), await(again.loadUsers()));
        again.close();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("tower.db"), files.map(p -> p.getFileName().toString()).toList(), "a clean close leaves the store alone");
        }
    }

    @Test
    void aSecondOpenerOfAnOpenStoreIsRefusedAndLeavesItsJournalAlone() throws IOException {
        Path file = closedStoreWithOneUser();
        MapDbTowerStore running = open(file);
        for (int i = 2; i < 10; i++) {
            await(running.putAppointment(appointment(user(1), locator(i), i), userRecord(user(1), i)));
        }
        Path journal = dir.resolve("tower.db.journal");
        byte[] journalBefore = Files.readAllBytes(journal);
        Throwable e = failure(MapDbTowerStore.open(file));
        StoreLockedException locked = assertInstanceOf(StoreLockedException.class, e);
        assertEquals(file, locked.file());
        // Before the lock was taken first, the second opener redid and deleted the running store's journal.
        assertArrayEquals(journalBefore, Files.readAllBytes(journal), "the running store's journal is untouched");
        await(running.putAppointment(appointment(user(1), locator(10), 10), userRecord(user(1), 10)));
        running.close();
        MapDbTowerStore again = open(file);
        assertEquals(List.of(userRecord(user(1), 10)), await(again.loadUsers()));
        assertEquals(List.of(appointment(user(1), locator(10), 10)), await(again.findByLocators(List.of(locator(10)))));
    }

    @Test
    void theStoreAndItsJournalAreReadableByTheirOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        await(s.putUser(userRecord(user(1), 10)));
        for (String name : List.of("tower.db", "tower.db.journal")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }

    @Test
    void aJournalWithoutItsStoreIsNotPaperedOverWithANewStore() throws IOException {
        Path file = dir.resolve("tower.db");
        Files.write(dir.resolve("tower.db.journal"), new byte[] {1});
        Throwable e = failure(MapDbTowerStore.open(file));
        assertInstanceOf(IncompatibleStoreException.class, e);
        assertFalse(Files.exists(file));
    }

    @Test
    void aCorruptRecordFailsItsReadClearlyAndLosesNothingElse() throws IOException {
        Path file = dir.resolve("tower.db");
        MapDbTowerStore s = open(file);
        await(s.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(1), 5)));
        await(s.putAppointment(appointment(user(2), locator(2), 2), userRecord(user(2), 5)));
        s.close();
        rewrite(file, "appointments", StoreRecords.appointmentKey(locator(1), user(1)), new byte[] {9, 9, 9});

        MapDbTowerStore again = open(file);
        Throwable e = failure(again.findByLocators(List.of(locator(1))));
        assertInstanceOf(CorruptRecordException.class, e);
        assertTrue(e.getMessage().contains("unknown record version 9"), e.getMessage());
        assertEquals(List.of(appointment(user(2), locator(2), 2)), await(again.findByLocators(List.of(locator(2)))));
        // The corrupt record can still be replaced or removed; the rest is untouched.
        await(again.putAppointment(appointment(user(1), locator(1), 3), userRecord(user(1), 4)));
        assertEquals(List.of(appointment(user(1), locator(1), 3)), await(again.findByLocators(List.of(locator(1)))));
        assertEquals(2L, await(again.forEachLocator(l -> { })));
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static void rewriteMeta(Path file, byte[] key, byte[] value) {
        rewrite(file, "meta", key, value);
    }

    /** Writes a raw value straight into a closed store's map, as a bug or bit rot would. */
    private static void rewrite(Path file, String map, byte[] key, byte[] value) {
        DB db = DBMaker.fileDB(file.toString()).transactionEnable().make();
        try {
            BTreeMap<byte[], byte[]> m = db.treeMap(map, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open();
            m.put(key, value);
            db.commit();
        } finally {
            db.close();
        }
    }
}
