package dev.vigil.towerserver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the watch record (docs/monitoring.md 3.1): the encoder writes exactly the golden bytes of
 * {@code golden/store-watch/watch-v1.hex} (a spent outpoint watch, every field present), the reader reads
 * them back, the other shapes round-trip, and a damaged record fails naming the watch. Rewritten only with
 * {@code -Dvigil.golden.update=true}, and then reviewed.
 */
class WatchRecordsTest {
    private static final String FOLDER = "store-watch";
    private static final String GOLDEN = "watch-v1.hex";
    private static final UserId USER = Fixtures.user(7);
    private static final Outpoint OUTPOINT = new Outpoint(Txid.ofInternal(filled(0x40)), 3);
    static final StoredWatch SPENT_OUTPOINT = new StoredWatch(new WatchRef(USER, WatchKind.OUTPOINT, WatchId.of(OUTPOINT)),
            800_000, 1, Optional.of(OUTPOINT),
            new StoredWatch.State.Spent(800_010, new BlockHash(Bytes.of(filled(0x80))), Txid.ofInternal(filled(0xa0)), 1, 41));
    private static final StoredWatch WATCHING_HINT = new StoredWatch(
            new WatchRef(USER, WatchKind.HINT, new WatchId(Bytes.of(filled(0x10), 0, WatchId.LENGTH))), 799_999, 2,
            Optional.empty(), StoredWatch.WATCHING);

    @Test
    void theEncoderWritesExactlyTheGoldenBytesAndTheReaderReadsThem() {
        byte[] encoded = WatchRecords.encodeWatch(SPENT_OUTPOINT);
        if (Boolean.getBoolean("vigil.golden.update")) {
            write(encoded);
        }
        byte[] golden = StoreRecordsTest.golden(FOLDER, GOLDEN);
        assertArrayEquals(golden, encoded);
        assertEquals(SPENT_OUTPOINT, WatchRecords.decodeWatch(SPENT_OUTPOINT.ref(), golden));
    }

    @Test
    void everyShapeRoundTrips() {
        for (StoredWatch w : new StoredWatch[] {SPENT_OUTPOINT, WATCHING_HINT, SPENT_OUTPOINT.withState(StoredWatch.WATCHING),
                WATCHING_HINT.withState(SPENT_OUTPOINT.state())}) {
            assertEquals(w, WatchRecords.decodeWatch(w.ref(), WatchRecords.encodeWatch(w)));
        }
        assertEquals(10, WatchRecords.encodeWatch(WATCHING_HINT).length);
    }

    @Test
    void theKeysNameKindKeyAndUserInTheirTablesOrder() {
        WatchRef r = SPENT_OUTPOINT.ref();
        byte[] k = WatchRecords.watchKey(r);
        assertEquals(WatchRecords.WATCH_KEY_LENGTH, k.length);
        assertEquals(WatchKind.OUTPOINT.code(), k[0]);
        assertArrayEquals(r.key().value().toArray(), Arrays.copyOfRange(k, 1, 17));
        assertArrayEquals(StoreRecords.userKey(USER), Arrays.copyOfRange(k, 17, 50));
        byte[] u = WatchRecords.userWatchKey(r);
        assertArrayEquals(StoreRecords.userKey(USER), Arrays.copyOfRange(u, 0, 33));
        assertEquals(WatchKind.OUTPOINT.code(), u[33]);
        assertEquals(r, WatchRecords.refOfWatchKey(k));
        assertEquals(r, WatchRecords.refOfUserWatchKey(u));
        k[0] = 9;
        assertThrows(CorruptRecordException.class, () -> WatchRecords.refOfWatchKey(k));
    }

    @Test
    void aDamagedRecordFailsNamingTheWatch() {
        byte[] good = WatchRecords.encodeWatch(SPENT_OUTPOINT);
        WatchRef ref = SPENT_OUTPOINT.ref();
        for (int version : new int[] {0, 2, 0xff}) {
            byte[] v = good.clone();
            v[0] = (byte) version;
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(ref, v));
            assertTrue(e.getMessage().contains("unknown record version " + version), e.getMessage());
            assertTrue(e.getMessage().contains(ref.key().toHex()), e.getMessage());
        }
        assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(ref, Arrays.copyOf(good, good.length - 1)));
        assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(ref, Arrays.copyOf(good, good.length + 1)));
        assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(ref, new byte[0]));
        byte[] badState = WatchRecords.encodeWatch(SPENT_OUTPOINT.withState(StoredWatch.WATCHING));
        badState[badState.length - 1] = 7;
        assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(ref, badState));
        // The key says hint: the record then has no outpoint, and the bytes left over are refused.
        WatchRef asHint = new WatchRef(USER, WatchKind.HINT, ref.key());
        assertThrows(CorruptRecordException.class, () -> WatchRecords.decodeWatch(asHint, good));
    }

    private static byte[] filled(int first) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** Rewrites the golden file in the source tree (the working directory is the module) and on the test classpath. */
    private static void write(byte[] encoded) {
        String text = "# WatchRecord v1: a spent outpoint watch (docs/monitoring.md 3.1; WatchRecords)\n"
                + "# 01 | registered_height | slots | outpoint txid | vout | state 01 | height | block_hash | txid | input | event_cursor\n"
                + Hex.encode(encoded) + "\n";
        try {
            for (Path dir : new Path[] {Path.of("src/test/resources"), Path.of("target/test-classes")}) {
                Path file = dir.resolve("golden/" + FOLDER + "/" + GOLDEN);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
