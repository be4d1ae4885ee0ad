package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.failure;
import static dev.vigil.towerserver.store.Fixtures.key;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.tracker;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TowerStore#backup} on the MapDB store: a copy taken while appointments keep arriving holds everything
 * acknowledged before it was asked for, opens as a store of its own with the same tower key, and is one
 * commit's state (a single writer's appointments form a prefix of what it wrote, with their users and index
 * entries).
 */
class StoreBackupTest {
    @TempDir
    Path dir;
    private final List<TowerStore> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(TowerStore::close);
    }

    private MapDbTowerStore openStore(Path file) {
        MapDbTowerStore s = await(MapDbTowerStore.open(file));
        open.add(s);
        return s;
    }

    @Test
    void aBackupTakenDuringWritesHoldsEveryAcknowledgedAppointmentAndIsOneCommitsState() throws Exception {
        MapDbTowerStore store = openStore(dir.resolve("tower.db"));
        PrivateKey towerKey = await(store.loadOrCreateTowerKey(() -> key(7)));
        store.save(new ChainTip(new Hash256(Bytes.of(new byte[32])), 812_345));
        UserId alice = user(1);
        UserId bob = user(2);
        await(store.putTracker(tracker(bob, 3)));
        // Acknowledged before the backup is asked for: bob's 500.
        List<CompletionStage<Void>> first = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            first.add(store.putAppointment(appointment(bob, locator(i), i), userRecord(bob, 10_000 - i)));
        }
        first.forEach(Fixtures::await);
        // Meanwhile, alice's appointments arrive one after another from one writer, each slot count one lower.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger acked = new AtomicInteger(); // alice's appointments 0..acked-1 are acknowledged
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get() && i < 200_000; i++) {
                int n = i;
                CompletionStage<Void> put = store.putAppointment(appointment(alice, locator(n), n), userRecord(alice, 1_000_000 - n));
                put.thenRun(() -> acked.accumulateAndGet(n + 1, Math::max));
                if (i % 64 == 63) {
                    await(put); // a bounded number in flight
                }
            }
        }, "test-writer");
        writer.start();
        Await.until("the writer under way", () -> acked.get() >= 200);
        Path target = Files.createDirectory(dir.resolve("backups")).resolve("tower-backup.db");
        int ackedBefore = acked.get();
        StoreBackup backup = await(store.backup(target));
        int ackedAfterBackup = acked.get();
        Await.until("writes going on after the backup", () -> acked.get() > ackedAfterBackup + 100);
        writing.set(false);
        writer.join();

        assertEquals(target, backup.path());
        assertEquals(Files.size(target), backup.bytes());
        assertEquals(812_345, backup.tipHeight());
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        }
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(target), left.toList(), "no temporary file is left beside the backup");
        }

        // Restore it as a datadir's store would be: copied to a fresh datadir as tower.db.
        Path restored = Files.createDirectory(dir.resolve("restored")).resolve(MapDbTowerStore.FILE_NAME);
        Files.copy(target, restored, StandardCopyOption.COPY_ATTRIBUTES);
        MapDbTowerStore copy = openStore(restored);
        assertEquals(towerKey, await(copy.loadOrCreateTowerKey(() -> key(99))), "the same tower key (no new one made)");
        assertEquals(812_345, copy.load().orElseThrow().height());
        assertEquals(List.of(tracker(bob, 3)), await(copy.loadTrackers()));
        List<Locator> bobs = await(copy.locatorsOf(bob));
        assertEquals(500, bobs.size(), "every appointment acknowledged before the backup");
        for (int i = 0; i < 500; i++) {
            assertEquals(Optional.of(appointment(bob, locator(i), i)), await(copy.findAppointment(locator(i), bob)));
        }
        // Alice's: a prefix 0..k-1 of what the writer sent, holding at least those acknowledged before the backup
        // was asked for, and her user record the one written with the last of them.
        List<Locator> alices = await(copy.locatorsOf(alice));
        int k = alices.size();
        Set<Locator> expected = new HashSet<>();
        for (int i = 0; i < k; i++) {
            expected.add(locator(i));
        }
        assertEquals(expected, new HashSet<>(alices), "one commit's state: a prefix of the writer's appointments");
        assertTrue(k >= ackedBefore, "the appointments acknowledged before the backup was asked for: " + k + " < " + ackedBefore);
        for (int i = 0; i < k; i++) {
            assertEquals(Optional.of(appointment(alice, locator(i), i)), await(copy.findAppointment(locator(i), alice)));
        }
        List<UserRecord> users = await(copy.loadUsers());
        assertTrue(users.contains(userRecord(alice, 1_000_000 - (k - 1))), "alice's record is the one of her last appointment: "
                + users);
        assertTrue(users.contains(userRecord(bob, 10_000 - 499)), users.toString());
        assertEquals(500 + k, (long) await(copy.forEachLocator(l -> { })), "the appointments and their index agree");
        // The copy is a store in its own right: it takes writes.
        await(copy.putAppointment(appointment(bob, locator(9_999), 1), userRecord(bob, 1)));

        // The running store kept taking appointments during and after the backup, and has them all.
        assertTrue(await(store.locatorsOf(alice)).size() >= acked.get() && acked.get() > k, acked + " acknowledged, " + k
                + " in the backup");
    }

    @Test
    void aBackupNeverReplacesAFileNorCreatesADirectory() throws IOException {
        MapDbTowerStore store = openStore(dir.resolve("tower.db"));
        await(store.putAppointment(appointment(user(1), locator(1), 1), userRecord(user(1), 5)));
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        Throwable e = failure(store.backup(existing));
        assertInstanceOf(BackupRefusedException.class, e);
        assertEquals("cannot back up to " + existing + ": it exists, and a backup never replaces a file; choose a new path,"
                + " or move the old file away", e.getMessage());
        assertEquals("keep me", Files.readString(existing));
        Path nowhere = dir.resolve("no-such-dir").resolve("tower-backup.db");
        e = failure(store.backup(nowhere));
        assertInstanceOf(BackupRefusedException.class, e);
        assertEquals("cannot back up to " + nowhere + ": the directory " + nowhere.getParent() + " does not exist; create it"
                + " first, or choose another path", e.getMessage());
        assertFalse(Files.exists(nowhere.getParent()));
        // The store is unharmed and still serving.
        await(store.putAppointment(appointment(user(1), locator(2), 2), userRecord(user(1), 4)));
        assertEquals(2, await(store.locatorsOf(user(1))).size());
    }

    @Test
    void aStoreThatIsNoFileCannotBeBackedUp() {
        InMemoryTowerStore memory = InMemoryTowerStore.create();
        open.add(memory);
        assertInstanceOf(UnsupportedOperationException.class, failure(memory.backup(dir.resolve("b.db"))));
    }
}
