package dev.vigil.breachdetector.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainFollowerTest.CheckingListener;
import dev.vigil.breachdetector.chain.ChainFollowerTest.MemoryTipStore;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.notify.SequenceLabel;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The doorbell/poll shell around the follower: rings collapse, outages are retried, nothing is lost. */
class ChainMonitorTest {
    private static final Duration LONG_POLL = Duration.ofMinutes(10);

    private final FakeChain chain = new FakeChain();
    private final MemoryTipStore store = new MemoryTipStore();
    private final List<ReconcileOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Test
    void aDoorbellBringsTheTowerToTheNodesTip() throws Exception {
        CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();
        store.tip = new ChainTip(chain.tip(), chain.height());
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), LONG_POLL, outcomes::add)) {
            monitor.start();
            chain.mine(3);
            monitor.onEvent(new Notification.HashBlock(chain.tip(), 0));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(3, listener.events.size());
        }
    }

    @Test
    void mempoolSequenceMessagesDoNotRingButBlockOnesAndReconcileSignalsDo() throws Exception {
        CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();
        store.tip = new ChainTip(chain.tip(), chain.height());
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), LONG_POLL, outcomes::add)) {
            monitor.start();
            awaitTrue(() -> outcomes.size() == 1);
            chain.mine(1);
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.TX_ADDED, OptionalLong.of(5), 1));
            Thread.sleep(200);
            assertEquals(1, outcomes.size(), "an A message must not trigger a walk");
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 2));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            chain.mine(1);
            monitor.onEvent(new ReconcileNeeded(ReconcileNeeded.Reason.GAP, "sequence counter skipped"));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
        }
    }

    @Test
    void aBurstOfDoorbellsCollapsesIntoFewWalksAndDeliversEveryBlockOnce() throws Exception {
        CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();
        store.tip = new ChainTip(chain.tip(), chain.height());
        // The first block holds the walk that delivers it, so all 200 doorbells arrive while a walk
        // is in progress, however fast or slow this machine is: they must merge into one queued walk.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        ChainListener holding = event -> {
            if (held.getCount() > 0) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            listener.onEvent(event);
        };
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, holding), LONG_POLL, outcomes::add)) {
            monitor.start();
            chain.mine(1);
            monitor.onEvent(new Notification.HashBlock(chain.tip(), 0));
            assertTrue(held.await(10, TimeUnit.SECONDS), "the first walk reached the listener");
            for (int i = 1; i < 200; i++) {
                chain.mine(1);
                monitor.onEvent(new Notification.HashBlock(chain.tip(), i));
            }
            release.countDown();
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(200, listener.events.size());
            // start-up walk, the held walk, the one merged walk, and the confirming pass after it
            assertTrue(outcomes.size() <= 4, "walks: " + outcomes.size());
        }
    }

    @Test
    void anUnreachableNodeIsRetriedWithoutAnyDoorbell() throws Exception {
        CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();
        store.tip = new ChainTip(chain.tip(), chain.height());
        chain.unreachable();
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), Duration.ofSeconds(1), outcomes::add)) {
            monitor.start();
            awaitTrue(() -> outcomes.stream().anyMatch(o -> o instanceof ReconcileOutcome.SourceUnavailable));
            chain.mine(5);
            chain.reachable();
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(5, listener.events.size());
        }
    }

    @Test
    void aFailingListenerGetsTheSameBlockAgain() throws Exception {
        CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();
        store.tip = new ChainTip(chain.tip(), chain.height());
        listener.failOnNextEvents = 3;
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), Duration.ofSeconds(1), outcomes::add)) {
            chain.mine(2);
            Hash256 target = chain.tip();
            monitor.start();
            awaitTrue(() -> target.equals(store.tip.hash()));
            assertEquals(2, listener.events.size());
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
