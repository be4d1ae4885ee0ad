package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {
    private static final TowerId TOWER = new TowerId(new PublicKey(Secp256k1Backends.best()
            .publicKey(new PrivateKey(Bytes.of(Hashes.sha256("t".getBytes(StandardCharsets.UTF_8)))))));

    @TempDir
    Path dir;

    static OutboxSnapshot snapshot(int appointments) {
        List<PendingAppointment> pending = new ArrayList<>();
        List<ReceiptProof> receipts = new ArrayList<>();
        for (int i = 0; i < appointments; i++) {
            byte[] blob = new byte[100];
            Arrays.fill(blob, (byte) i);
            Appointment a = new Appointment(new Locator(Bytes.of(Arrays.copyOf(Hashes.sha256(new byte[] {(byte) i}), 16))), Bytes.of(blob), 144);
            pending.add(new PendingAppointment(TOWER, a, "sig" + i, 1000 + i, i % 2 == 0 ? Optional.empty() : Optional.of("refused: éé")));
            receipts.add(new ReceiptProof(TOWER, a, "sig" + i, 800 + i, "towersig" + i));
        }
        Misbehaviour m = new Misbehaviour(TOWER, 5, "bad receipt", receipts.isEmpty() ? Optional.empty() : Optional.of(receipts.get(0)));
        return new OutboxSnapshot(Map.of(TOWER, new Subscription(10, 100, 200)), Map.of(TOWER, m), pending, receipts);
    }

    @Test
    void everySavedAppointmentIsSeenOnReopen() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        assertFalse(store.load().isPresent());
        for (int n = 1; n <= 5; n++) {
            store.save(OutboxSnapshotCodec.encode(snapshot(n)));
            FileSnapshotStore reopened = new FileSnapshotStore(dir);
            var decoded = assertInstanceOf(OutboxSnapshotCodec.Decoded.Ok.class, OutboxSnapshotCodec.decode(reopened.load().orElseThrow()));
            assertEquals(snapshot(n), decoded.snapshot());
        }
    }

    @Test
    void aTornTemporaryFileFromACrashedSaveIsIgnoredAndRemoved() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        byte[] durable = OutboxSnapshotCodec.encode(snapshot(3));
        store.save(durable);
        // A crash in the middle of the next save: half of the new snapshot in its temporary file.
        byte[] next = OutboxSnapshotCodec.encode(snapshot(4));
        Path temp = store.nextTempFile();
        Files.write(temp, Arrays.copyOf(next, next.length / 2));

        FileSnapshotStore afterCrash = new FileSnapshotStore(dir);
        assertArrayEquals(durable, afterCrash.load().orElseThrow());
        assertFalse(Files.exists(temp), "the torn temporary file is cleaned up");
        afterCrash.save(next);
        assertArrayEquals(next, new FileSnapshotStore(dir).load().orElseThrow());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(FileSnapshotStore.FILE_NAME)), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedNotHalfRead() {
        byte[] good = OutboxSnapshotCodec.encode(snapshot(3));
        assertInstanceOf(OutboxSnapshotCodec.Decoded.Ok.class, OutboxSnapshotCodec.decode(good));
        for (int cut : new int[] {0, 1, good.length / 2, good.length - 1}) {
            var c = assertInstanceOf(OutboxSnapshotCodec.Decoded.Corrupt.class, OutboxSnapshotCodec.decode(Arrays.copyOf(good, cut)));
            assertFalse(c.reason().isEmpty());
        }
        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        var c = assertInstanceOf(OutboxSnapshotCodec.Decoded.Corrupt.class, OutboxSnapshotCodec.decode(flipped));
        assertTrue(c.reason().contains("checksum"), c.reason());
    }

    @Test
    void equalSnapshotsEncodeEqually() {
        assertArrayEquals(OutboxSnapshotCodec.encode(snapshot(2)), OutboxSnapshotCodec.encode(snapshot(2)));
        assertArrayEquals(OutboxSnapshotCodec.encode(OutboxSnapshot.EMPTY),
                OutboxSnapshotCodec.encode(assertInstanceOf(OutboxSnapshotCodec.Decoded.Ok.class,
                        OutboxSnapshotCodec.decode(OutboxSnapshotCodec.encode(OutboxSnapshot.EMPTY))).snapshot()));
    }
}
