package dev.vigil.towerserver.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.CloseKind;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchHint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.monitor.ChannelWatch.AddOutcome;
import dev.vigil.towerserver.monitor.ChannelWatch.RemoveOutcome;
import dev.vigil.towerserver.monitor.SpendTxs.In;
import dev.vigil.towerserver.testsupport.TestBlocks;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel watch's decisions (docs/monitoring.md 1.3, 4.2, 7.4) on a real tower thread, with the
 * store faked in memory: registration with its slot and limits, a block spending a hint and an outpoint
 * watch (and near misses that spend nothing watched), two users on one outpoint, a disconnect's
 * retraction, deletion at depth, a removal while the block's lookup is out, and the rebuild at start.
 */
class ChannelWatchTest {
    private static final TowerId TOWER = TowerId.fromHex("02" + "ab".repeat(32));
    private static final UserId ALICE = UserId.fromHex("02" + "a1".repeat(32));
    private static final UserId BOB = UserId.fromHex("03" + "b2".repeat(32));
    private static final UserId CAROL = UserId.fromHex("02" + "c3".repeat(32));
    private static final int DEPTH = 6;
    private static final long H = 100;

    private static final byte[] SCRIPT_A = fundingScript(0x11, 0x22);
    private static final byte[] SCRIPT_B = fundingScript(0x33, 0x44);
    private static final Outpoint FUNDING_A = new Outpoint(txid(0x10, 0), 0);
    private static final Outpoint FUNDING_B = new Outpoint(txid(0x20, 0), 1);
    private static final WatchId HINT_A = WatchId.of(WatchHint.of(TOWER, FUNDING_A, Bytes.of(SCRIPT_A)));
    private static final WatchId KEY_B = WatchId.of(FUNDING_B);

    private final TowerThread thread = TowerThread.start("test-tower");
    private final FakeWatchStore store = new FakeWatchStore();
    private final Gatekeeper gatekeeper = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of(
            new UserRecord(ALICE, 5, 0, 10_000), new UserRecord(BOB, 5, 0, 10_000), new UserRecord(CAROL, 0, 0, 10_000)));
    private final EventLog events = new EventLog(TOWER, thread, store, EventBounds.DEFAULT, () -> 1_000,
            List.of(new MonitoredUser(ALICE, 1), new MonitoredUser(BOB, 1)), H - 1, hash(0));
    private ChannelWatch watch = channelWatch(EnumSet.allOf(WatchKind.class), ChannelWatch.Census.empty());

    @AfterEach
    void stop() {
        thread.close();
    }

    private ChannelWatch channelWatch(java.util.Set<WatchKind> kinds, ChannelWatch.Census census) {
        return new ChannelWatch(TOWER, thread, new ChannelWatch.Settings(3, kinds, DEPTH), gatekeeper, store, store, store, events, census);
    }

    // ------------------------------------------------------------------ registration

    @Test
    void aWatchCostsOneSlotAndRegisteringItAgainChangesNothing() {
        AddOutcome.Added added = assertInstanceOf(AddOutcome.Added.class, addHint(ALICE));
        assertEquals(4, added.charged().availableSlots());
        assertEquals(4, store.users.get(ALICE).availableSlots());
        assertEquals(new StoredWatch(hintRef(ALICE), H, 1, Optional.empty(), StoredWatch.WATCHING), store.watches.get(hintRef(ALICE)));
        assertEquals(1, on(() -> watch.watchCount(ALICE)));

        AddOutcome again = addHint(ALICE);
        assertEquals(new AddOutcome.AlreadyWatched(store.watches.get(hintRef(ALICE))), again);
        assertEquals(4, gatekeeper.user(ALICE).orElseThrow().availableSlots());
        assertEquals(1, on(() -> watch.watchCount(ALICE)));
    }

    @Test
    void theLimitsRefuseBeforeAnythingIsCharged() {
        for (int i = 0; i < 3; i++) {
            Outpoint o = new Outpoint(txid(0x40 + i, 0), 0);
            assertInstanceOf(AddOutcome.Added.class, add(new WatchRef(ALICE, WatchKind.OUTPOINT, WatchId.of(o)), Optional.of(o)));
        }
        assertEquals(new AddOutcome.TooManyWatches(3), addOutpoint(ALICE));
        assertEquals(new AddOutcome.NotEnoughSlots(1), addOutpoint(CAROL));
        assertEquals(2, gatekeeper.user(ALICE).orElseThrow().availableSlots());
        assertEquals(0, gatekeeper.user(CAROL).orElseThrow().availableSlots());
        watch = channelWatch(EnumSet.of(WatchKind.HINT), ChannelWatch.Census.empty());
        assertEquals(new AddOutcome.KindNotTaken(WatchKind.OUTPOINT), addOutpoint(BOB));
        assertEquals(5, gatekeeper.user(BOB).orElseThrow().availableSlots());
        // An outpoint that is not the key's is a caller's mistake, refused with nothing charged.
        assertThrows(IllegalArgumentException.class, () -> on(() -> watch.add(hintRef(BOB), Optional.of(FUNDING_A), H, Optional.empty())));
        assertEquals(5, gatekeeper.user(BOB).orElseThrow().availableSlots());
    }

    @Test
    void removalRefundsTheSlotAndAMissingWatchIsNotWatched() {
        addOutpoint(BOB);
        RemoveOutcome.Removed r = assertInstanceOf(RemoveOutcome.Removed.class, remove(outpointRef(BOB)));
        assertEquals(5, r.refunded().orElseThrow().availableSlots());
        assertEquals(5, store.users.get(BOB).availableSlots());
        assertFalse(store.watches.containsKey(outpointRef(BOB)));
        assertEquals(0, on(() -> watch.watchCount(BOB)));
        assertEquals(new RemoveOutcome.NotWatched(), remove(outpointRef(BOB)));
        // Gone from the index too: a block spending it asks the store nothing.
        connect(H, spendingBlock(1));
        assertEquals(List.of(), store.lookups);
    }

    // ------------------------------------------------------------------ the block

    @Test
    void aBlockSpendingAHintAndAnOutpointWatchAnnouncesBothAndNoNearMiss() {
        addHint(ALICE);
        addOutpoint(BOB);
        Block block = spendingBlock(1);
        assertEquals(2, connect(H, block));

        FundingSpent a = (FundingSpent) onlyEvent(ALICE);
        assertEquals(WatchKind.HINT, a.kind());
        assertEquals(HINT_A, a.watchId());
        assertEquals(FUNDING_A, a.outpoint());
        assertEquals(CloseKind.UNILATERAL, a.close());
        assertEquals((0x123456L << 24) | 0x654321L, a.tags().orElseThrow().obscuredNumber());
        assertEquals(new Txid(block.txid(1).internalOrder()), a.txid());
        assertEquals(0, a.input());
        assertEquals(H, a.head().height());
        assertEquals(block.rawTransaction(1), a.tx().orElseThrow());

        FundingSpent b = (FundingSpent) onlyEvent(BOB);
        assertEquals(WatchKind.OUTPOINT, b.kind());
        assertEquals(FUNDING_B, b.outpoint());
        assertEquals(CloseKind.COOPERATIVE, b.close());
        assertEquals(new Txid(block.txid(2).internalOrder()), b.txid());

        StoredWatch.State.Spent spent = (StoredWatch.State.Spent) store.watches.get(hintRef(ALICE)).state();
        assertEquals(new StoredWatch.State.Spent(H, new BlockHash(block.hash().internalOrder()), a.txid(), 0, 1), spent);
        // One lookup, with the outpoint candidates (FUNDING_B and the near miss that shares its key) and the hint.
        assertEquals(1, store.lookups.size());
        assertEquals(3, store.lookups.get(0).size());
    }

    @Test
    void twoUsersWatchingOneOutpointEachGetTheirEvent() {
        addOutpoint(ALICE);
        addOutpoint(BOB);
        assertEquals(2, connect(H, spendingBlock(1)));
        assertEquals(FUNDING_B, ((FundingSpent) onlyEvent(ALICE)).outpoint());
        assertEquals(FUNDING_B, ((FundingSpent) onlyEvent(BOB)).outpoint());
    }

    @Test
    void aDisconnectRetractsTheSpendAndTheWatchWatchesAgain() {
        addHint(ALICE);
        Block block = spendingBlock(1);
        connect(H, block);
        on(() -> {
            events.at(H, new BlockHash(block.hash().internalOrder()));
            watch.blockDisconnected(H);
            return null;
        });
        assertEquals(StoredWatch.WATCHING, store.watches.get(hintRef(ALICE)).state());
        List<MonitorEvent> log = events(ALICE);
        assertEquals(2, log.size());
        MonitorEvent.Retracted r = (MonitorEvent.Retracted) log.get(1);
        assertEquals(1, r.retractsCursor());
        assertEquals(EventId.of(TOWER, ALICE, 1), r.retracts());
        assertEquals(EventType.FUNDING_SPENT, r.retractedType());
        // The close mined again (another block at the same height): a new event, a new cursor.
        assertEquals(1, connect(H, spendingBlock(2)));
        assertEquals(3, events(ALICE).get(2).head().cursor());
        assertEquals(EventType.FUNDING_SPENT, events(ALICE).get(2).type());
    }

    @Test
    void aSpentWatchIsDeletedAndRefundedAtTheIrrevocableDepth() {
        addHint(ALICE);
        connect(H, spendingBlock(1));
        connect(H + DEPTH - 2, emptyBlock(3));
        assertTrue(store.watches.containsKey(hintRef(ALICE)));
        assertEquals(4, gatekeeper.user(ALICE).orElseThrow().availableSlots());
        connect(H + DEPTH - 1, emptyBlock(4));
        assertFalse(store.watches.containsKey(hintRef(ALICE)));
        assertEquals(5, store.users.get(ALICE).availableSlots());
        assertEquals(0, on(() -> watch.watchCount(ALICE)));
        // Nothing is left to retract.
        on(() -> {
            watch.blockDisconnected(H);
            return null;
        });
        assertEquals(1, events(ALICE).size());
    }

    @Test
    void aWatchRemovedWhileTheBlocksLookupIsOutIsNeitherSpentNorWrittenAgain() {
        addOutpoint(BOB);
        store.holdLookups();
        CompletableFuture<Integer> spent = onStage(() -> watch.blockConnected(spendingBlock(1), H));
        assertInstanceOf(RemoveOutcome.Removed.class, remove(outpointRef(BOB)));
        store.releaseLookups();
        assertEquals(0, spent.join());
        assertFalse(store.watches.containsKey(outpointRef(BOB)));
        assertEquals(List.of(), events(BOB));
    }

    @Test
    void aRemovedSpentWatchIsNotRetractedByALaterDisconnect() {
        addOutpoint(BOB);
        connect(H, spendingBlock(1));
        assertInstanceOf(RemoveOutcome.Removed.class, remove(outpointRef(BOB)));
        on(() -> {
            watch.blockDisconnected(H);
            return null;
        });
        assertEquals(1, events(BOB).size());
        assertFalse(store.watches.containsKey(outpointRef(BOB)));
    }

    @Test
    void theStateRebuiltAtStartCountsMatchesAndRetracts() {
        addHint(ALICE);
        addOutpoint(BOB);
        connect(H, spendingBlock(1));
        ChannelWatch.Census census = ChannelWatch.load(store).toCompletableFuture().join();
        watch = channelWatch(EnumSet.allOf(WatchKind.class), census);
        assertEquals(1, on(() -> watch.watchCount(ALICE)));
        assertEquals(2L, on(() -> watch.size()));
        on(() -> {
            watch.blockDisconnected(H);
            return null;
        });
        assertEquals(EventType.RETRACTED, events(ALICE).get(1).type());
        assertEquals(EventType.RETRACTED, events(BOB).get(1).type());
        assertEquals(2, connect(H, spendingBlock(2)));
    }

    @Test
    void deletedUsersWatchesLeaveTheIndexes() {
        addOutpoint(BOB);
        addHint(ALICE);
        // As the block path does it: the forget's read is issued before the batch that deletes the user commits.
        CompletionStage<Void> forgotten = on(() -> watch.forget(List.of(BOB)));
        store.deleteUsers(List.of(BOB));
        forgotten.toCompletableFuture().join();
        assertEquals(0, on(() -> watch.watchCount(BOB)));
        assertEquals(1L, on(() -> watch.size()));
        assertEquals(1, connect(H, spendingBlock(1)));
        assertEquals(1, store.lookups.get(0).size(), "only the hint is a candidate");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Coinbase; a commitment spending FUNDING_A (hint); a closing transaction spending FUNDING_B
     * (outpoint); near misses: an input whose txid shares FUNDING_B's first 8 bytes (a prefix hit, another
     * key), one sharing its first 12 (the same key, another outpoint), and an unwatched 2-of-2 spend.
     */
    private static Block spendingBlock(int nonce) {
        Bytes commitment = SpendTxs.tx(List.of(new In(FUNDING_A, 0x80_123456L, SpendTxs.fundingWitness(SCRIPT_A))), 3, 0x20_654321L);
        Bytes closing = SpendTxs.tx(List.of(new In(FUNDING_B, 0xFFFFFFFFL, SpendTxs.fundingWitness(SCRIPT_B))), 2, 0);
        Bytes nearMisses = SpendTxs.tx(List.of(
                new In(new Outpoint(txid(0x20, 9), 1), 0xFFFFFFFFL, List.of(new byte[72])),
                new In(new Outpoint(txid(0x20, 20), 1), 0xFFFFFFFFL, List.of(new byte[72])),
                new In(new Outpoint(txid(0x30, 0), 0), 0xFFFFFFFFL, SpendTxs.fundingWitness(SCRIPT_A))), 1, 0);
        return TestBlocks.block(Hash256.ofInternal(new byte[32], 0), nonce, List.of(SpendTxs.coinbase(nonce), commitment, closing, nearMisses));
    }

    private static Block emptyBlock(int nonce) {
        return TestBlocks.block(Hash256.ofInternal(new byte[32], 0), nonce, List.of(SpendTxs.coinbase(nonce)));
    }

    private int connect(long height, Block block) {
        return onStage(() -> {
            events.at(height, new BlockHash(block.hash().internalOrder()));
            return watch.blockConnected(block, height);
        }).join();
    }

    private AddOutcome addHint(UserId user) {
        return add(hintRef(user), Optional.empty());
    }

    private AddOutcome addOutpoint(UserId user) {
        return add(outpointRef(user), Optional.of(FUNDING_B));
    }

    private AddOutcome add(WatchRef ref, Optional<Outpoint> outpoint) {
        Optional<StoredWatch> existing = store.findWatch(ref).toCompletableFuture().join();
        return on(() -> watch.add(ref, outpoint, H, existing));
    }

    private RemoveOutcome remove(WatchRef ref) {
        Optional<StoredWatch> existing = store.findWatch(ref).toCompletableFuture().join();
        return on(() -> watch.remove(ref, existing));
    }

    private static WatchRef hintRef(UserId u) {
        return new WatchRef(u, WatchKind.HINT, HINT_A);
    }

    private static WatchRef outpointRef(UserId u) {
        return new WatchRef(u, WatchKind.OUTPOINT, KEY_B);
    }

    private List<MonitorEvent> events(UserId u) {
        List<MonitorEvent> out = new ArrayList<>();
        synchronized (store) {
            for (StoredEvent e : store.events) {
                if (e.user().equals(u)) {
                    out.add(((EventCodec.Decoded.Ok<MonitorEvent>) EventCodec.decode(e.c().toArray())).value());
                }
            }
        }
        return out;
    }

    private MonitorEvent onlyEvent(UserId u) {
        List<MonitorEvent> log = events(u);
        assertEquals(1, log.size(), "events of " + u);
        return log.get(0);
    }

    private <T> T on(Supplier<T> s) {
        try {
            return CompletableFuture.supplyAsync(s, thread).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private <T> CompletableFuture<T> onStage(Supplier<CompletionStage<T>> s) {
        return CompletableFuture.supplyAsync(s, thread).thenCompose(x -> x);
    }

    /** A txid whose byte {@code at} (0: none) differs from the base {@code tag}'s; the rest repeats {@code tag}. */
    private static Txid txid(int tag, int at) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) tag);
        if (at > 0) {
            b[at] ^= 0x01;
        }
        return Txid.ofInternal(b);
    }

    private static BlockHash hash(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return new BlockHash(Bytes.of(b));
    }

    private static byte[] fundingScript(int k1, int k2) {
        byte[] s = new byte[71];
        java.util.Arrays.fill(s, 2, 35, (byte) k1);
        java.util.Arrays.fill(s, 36, 69, (byte) k2);
        s[0] = 0x52;
        s[1] = 0x21;
        s[2] = 0x02;
        s[35] = 0x21;
        s[36] = 0x03;
        s[69] = 0x52;
        s[70] = (byte) 0xae;
        return s;
    }
}
