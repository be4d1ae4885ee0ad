package dev.vigil.breachdetector.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.testing.InMemoryTipStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainFollowerTest {

    /**
     * Applies events to its own model of the tower's chain and fails on any event that does not
     * fit: a connection whose parent is not the tip, a disconnection of anything but the tip, or a
     * block delivered twice in one direction.
     */
    static final class CheckingListener implements ChainListener {
        final FakeChain chain;
        Hash256 tip;
        int height;
        final Map<Hash256, Integer> net = new HashMap<>();
        final List<ChainEvent> events = new ArrayList<>();
        int failOnNextEvents;

        CheckingListener(FakeChain chain) {
            this.chain = chain;
        }

        /** The tower already holds the node's current active chain (as after a first start). */
        CheckingListener holdingCurrentChain() {
            net.clear();
            chain.activeChain().forEach(h -> net.put(h, 1));
            tip = chain.tip();
            height = chain.height();
            return this;
        }

        @Override
        public void onEvent(ChainEvent e) {
            if (failOnNextEvents > 0) {
                failOnNextEvents--;
                throw new IllegalStateException("listener failing on command");
            }
            events.add(e);
            if (e instanceof ChainEvent.BlockConnected c) {
                assertEquals(tip, c.block().prevHash(), "connected block extends the tip");
                assertEquals(height + 1, c.height());
                tip = c.blockHash();
                height = c.height();
                assertEquals(1, net.merge(tip, 1, Integer::sum), "connected once");
            } else {
                ChainEvent.BlockDisconnected d = (ChainEvent.BlockDisconnected) e;
                assertEquals(tip, d.blockHash(), "only the tip is disconnected");
                assertEquals(height, d.height());
                assertEquals(chain.parentOf(d.blockHash()), d.previous());
                assertEquals(0, net.merge(tip, -1, Integer::sum), "disconnected once");
                tip = d.previous();
                height--;
            }
        }
    }

    /** A node with {@code mined} blocks, a tower whose stored tip is the node's tip. */
    static final class Rig {
        final FakeChain chain = new FakeChain();
        final InMemoryTipStore store = new InMemoryTipStore();
        final CheckingListener listener = new CheckingListener(chain);
        final ChainFollower follower = new ChainFollower(chain, store, listener);

        Rig(int mined) {
            chain.mine(mined);
            store.tip = new ChainTip(chain.tip(), mined);
            listener.holdingCurrentChain();
        }
    }

    private static ReconcileOutcome settle(ChainFollower f) {
        for (int i = 0; i < 10; i++) {
            ReconcileOutcome o = f.reconcile();
            if (o instanceof ReconcileOutcome.UpToDate) {
                return o;
            }
        }
        return fail("no steady state after 10 reconciles");
    }

    @Test
    void firstStartTakesTheBestBlockThenFollowsMinedBlocks() {
        FakeChain chain = new FakeChain();
        chain.mine(10);
        InMemoryTipStore store = new InMemoryTipStore();
        CheckingListener listener = new CheckingListener(chain);
        ChainFollower follower = new ChainFollower(chain, store, listener);

        ReconcileOutcome first = follower.reconcile();
        assertEquals(new ChainTip(chain.tip(), 10), ((ReconcileOutcome.UpToDate) first).tip());
        assertTrue(listener.events.isEmpty());
        listener.holdingCurrentChain();

        chain.mine(3);
        ReconcileOutcome.Advanced a = assertInstanceOf(ReconcileOutcome.Advanced.class, follower.reconcile());
        assertEquals(3, a.connected());
        assertEquals(0, a.disconnected());
        assertEquals(new ChainTip(chain.tip(), 13), store.tip);
        assertInstanceOf(ReconcileOutcome.UpToDate.class, follower.reconcile(), "idempotent");
    }

    @Test
    void aReorgDeeperThanAnyCacheDisconnectsTipFirstThenConnects() {
        Rig rig = new Rig(30);
        FakeChain chain = rig.chain;
        CheckingListener listener = rig.listener;
        ChainFollower follower = rig.follower;

        List<Hash256> before = chain.activeChain();
        chain.reorg(20, 22);
        ReconcileOutcome.Advanced a = assertInstanceOf(ReconcileOutcome.Advanced.class, follower.reconcile());
        assertEquals(20, a.disconnected());
        assertEquals(22, a.connected());
        for (int i = 0; i < 20; i++) {
            ChainEvent.BlockDisconnected d = (ChainEvent.BlockDisconnected) listener.events.get(i);
            assertEquals(before.get(30 - i), d.blockHash(), "tip first");
        }
        assertEquals(chain.tip(), listener.tip);

        // And back to the old branch (it becomes longer again).
        chain.switchTo(before.get(30));
        chain.mine(5);
        settle(follower);
        assertEquals(chain.tip(), listener.tip);
        assertEquals(chain.activeChain().get(10), before.get(10));
    }

    @Test
    void anUnreachableNodeStopsTheWalkWhichResumesWhereItStopped() {
        Rig rig = new Rig(0);

        rig.chain.mine(12);
        rig.chain.failAfter(9);
        ReconcileOutcome.SourceUnavailable u = assertInstanceOf(ReconcileOutcome.SourceUnavailable.class,
                rig.follower.reconcile());
        int emitted = rig.listener.events.size();
        assertTrue(emitted > 0 && emitted < 12, "part of the way: " + emitted);
        assertEquals(Optional.of(new ChainTip(rig.listener.tip, emitted)), u.tip());
        assertEquals(rig.store.tip, u.tip().orElseThrow(), "every emitted block was saved");

        assertInstanceOf(ReconcileOutcome.SourceUnavailable.class, rig.follower.reconcile(), "still down");
        rig.chain.reachable();
        settle(rig.follower);
        assertEquals(12, rig.listener.events.size());
        assertEquals(rig.chain.tip(), rig.listener.tip);
    }

    @Test
    void aFailingListenerGetsTheSameEventAgain() {
        Rig rig = new Rig(0);
        rig.chain.mine(3);
        rig.listener.failOnNextEvents = 1;
        assertThrows(IllegalStateException.class, rig.follower::reconcile);
        assertEquals(0, rig.store.tip.height(), "nothing saved past the failed event");
        settle(rig.follower);
        assertEquals(3, rig.listener.events.size());
    }

    @Test
    void aStoredTipTheNodeDoesNotKnowIsReported() {
        FakeChain chain = new FakeChain();
        chain.mine(2);
        InMemoryTipStore store = new InMemoryTipStore();
        store.tip = new ChainTip(Hash256.fromDisplayHex("11".repeat(32)), 7); // from another node
        ChainFollower follower = new ChainFollower(chain, store, new CheckingListener(chain));
        assertEquals(store.tip, ((ReconcileOutcome.TipUnknownToNode) follower.reconcile()).tip());
    }

    /**
     * Random mining, reorgs at any depth, flips back to old branches, skipped doorbells, follower
     * restarts and outages; after every successful reconcile the tower's chain is the node's.
     */
    @Test
    void randomHistoriesKeepTheEventStreamConsistent() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            FakeChain chain = new FakeChain();
            chain.mine(5);
            InMemoryTipStore store = new InMemoryTipStore();
            CheckingListener listener = new CheckingListener(chain);
            ChainFollower follower = new ChainFollower(chain, store, listener);
            follower.reconcile();
            listener.holdingCurrentChain();
            List<Hash256> oldTips = new ArrayList<>();
            for (int step = 0; step < 150; step++) {
                int op = random.nextInt(100);
                if (op < 35) {
                    chain.mine(1 + random.nextInt(3));
                } else if (op < 50) {
                    oldTips.add(chain.tip());
                    int depth = 1 + random.nextInt(12);
                    chain.reorg(depth, depth + random.nextInt(3));
                } else if (op < 55 && !oldTips.isEmpty()) {
                    chain.switchTo(oldTips.get(random.nextInt(oldTips.size())));
                } else if (op < 60) {
                    follower = new ChainFollower(chain, store, listener); // restart: state from the store
                } else if (op < 67) {
                    chain.failAfter(random.nextInt(15));
                    follower.reconcile();
                    chain.reachable();
                } else {
                    // A doorbell (or none: skipped ones simply never call reconcile).
                    ReconcileOutcome o = follower.reconcile();
                    if (o instanceof ReconcileOutcome.UpToDate u) {
                        assertEquals(chain.tip(), u.tip().hash(), "seed " + seed);
                    }
                }
                assertEquals(listener.tip, store.tip.hash(), "store follows the events, seed " + seed);
            }
            settle(follower);
            assertEquals(chain.tip(), listener.tip, "seed " + seed);
            assertEquals(chain.height(), listener.height, "seed " + seed);
            // Exactly the node's active chain is connected, each block once.
            for (Hash256 h : chain.activeChain()) {
                assertEquals(1, listener.net.getOrDefault(h, 0), "seed " + seed);
            }
            assertEquals(chain.activeChain().size(),
                    listener.net.values().stream().filter(v -> v == 1).count(), "seed " + seed);
        }
    }
}
