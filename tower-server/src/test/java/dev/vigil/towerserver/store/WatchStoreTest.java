package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerserver.monitor.StoredWatch;
import dev.vigil.towerserver.monitor.WatchLookup;
import dev.vigil.towerserver.monitor.WatchRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches through a real MapDB store (docs/monitoring.md 3.1): written by a batch, found by key for
 * every user, by user, read back after a reopen, replaced and removed with their {@code user_watches}
 * entries, and deleted with their user in the same commit.
 */
class WatchStoreTest {
    @TempDir
    Path dir;
    private MapDbTowerStore store;
    private final UserId alice = user(1);
    private final UserId bob = user(2);
    private final Outpoint funding = new Outpoint(Txid.ofInternal(filled(0x30)), 1);
    private final WatchId outpointKey = WatchId.of(funding);
    private final WatchId hint = new WatchId(Bytes.of(filled(0x50), 0, WatchId.LENGTH));

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void reopen() {
        if (store != null) {
            store.close();
        }
        store = await(MapDbTowerStore.open(dir.resolve("tower.db")));
    }

    private void inOneBatch(Consumer<BlockBatch> writes) {
        BlockBatch b = store.open();
        writes.accept(b);
        await(b.commit(Optional.empty()));
    }

    private StoredWatch outpointWatch(UserId u) {
        return new StoredWatch(new WatchRef(u, WatchKind.OUTPOINT, outpointKey), 100, 1, Optional.of(funding), StoredWatch.WATCHING);
    }

    private StoredWatch hintWatch(UserId u) {
        return new StoredWatch(new WatchRef(u, WatchKind.HINT, hint), 101, 1, Optional.empty(), StoredWatch.WATCHING);
    }

    private List<StoredWatch> all() {
        List<StoredWatch> out = new ArrayList<>();
        long n = await(store.forEachWatch(out::add));
        assertEquals(n, out.size());
        return out;
    }

    @Test
    void watchesWrittenByABatchAreFoundByKeyByUserAndAfterAReopen() {
        reopen();
        inOneBatch(b -> {
            b.putWatch(outpointWatch(alice));
            b.putWatch(outpointWatch(bob));
            b.putWatch(hintWatch(alice));
        });
        reopen();
        assertEquals(List.of(outpointWatch(alice), outpointWatch(bob)),
                await(store.findWatches(List.of(new WatchLookup.Key(WatchKind.OUTPOINT, outpointKey),
                        new WatchLookup.Key(WatchKind.OUTPOINT, outpointKey),
                        new WatchLookup.Key(WatchKind.HINT, outpointKey)))));
        assertEquals(List.of(hintWatch(alice)), await(store.findWatches(List.of(new WatchLookup.Key(WatchKind.HINT, hint)))));
        assertEquals(Optional.of(hintWatch(alice)), await(store.findWatch(hintWatch(alice).ref())));
        assertEquals(Optional.empty(), await(store.findWatch(hintWatch(bob).ref())));
        assertEquals(List.of(hintWatch(alice).ref(), outpointWatch(alice).ref()), await(store.watchesOf(List.of(alice))));
        // In key order: kind 1 (hint) first.
        assertEquals(List.of(hintWatch(alice), outpointWatch(alice), outpointWatch(bob)), all());
    }

    @Test
    void aSpentStateReplacesTheRecordAndARemovalTakesItsUserEntryToo() {
        reopen();
        StoredWatch w = outpointWatch(alice);
        StoredWatch spent = w.withState(new StoredWatch.State.Spent(120, new BlockHash(Bytes.of(filled(1))), Txid.ofInternal(filled(2)), 0, 9));
        inOneBatch(b -> b.putWatch(w));
        inOneBatch(b -> b.putWatch(spent));
        reopen();
        assertEquals(List.of(spent), all());
        inOneBatch(b -> b.removeWatch(w.ref()));
        reopen();
        assertEquals(List.of(), all());
        assertEquals(List.of(), await(store.watchesOf(List.of(alice))));
    }

    @Test
    void deletingAUserDeletesItsWatchesInTheSameCommitAndNoOneElses() {
        reopen();
        await(store.putUser(userRecord(alice, 10)));
        await(store.putUser(userRecord(bob, 10)));
        inOneBatch(b -> {
            b.putWatch(outpointWatch(alice));
            b.putWatch(hintWatch(alice));
            b.putWatch(outpointWatch(bob));
        });
        inOneBatch(b -> b.deleteUsers(List.of(alice)));
        reopen();
        assertEquals(List.of(outpointWatch(bob)), all());
        assertEquals(List.of(), await(store.watchesOf(List.of(alice))));
        await(store.deleteUsers(List.of(bob)));
        assertEquals(List.of(), all());
    }

    private static byte[] filled(int first) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}
