package dev.vigil.breachdetector.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainFollowerTest.CheckingListener;
import dev.vigil.breachdetector.testing.InMemoryTipStore;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.notify.SequenceLabel;
import dev.vigil.breachdetector.notify.Undecodable;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The doorbell/poll shell around the follower: rings collapse, outages are retried, nothing is lost. */
class ChainMonitorTest {
    private static final Duration LONG_POLL = Duration.ofMinutes(10);

    private final FakeChain chain = new FakeChain();
    private final InMemoryTipStore store = new InMemoryTipStore();
    private final List<ReconcileOutcome> outcomes = new CopyOnWriteArrayList<>();
    /** The tower holds the node's chain, as after a first start. */
    private final CheckingListener listener = new CheckingListener(chain).holdingCurrentChain();

    {
        store.tip = new ChainTip(chain.tip(), chain.height());
    }

    /** A monitor over the fake node, started, after its start-up walk. */
    private ChainMonitor started(ChainListener to) throws InterruptedException {
        ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, to), LONG_POLL, outcomes::add);
        monitor.start();
        awaitTrue(() -> outcomes.size() == 1);
        return monitor;
    }

    @Test
    void aDoorbellBringsTheTowerToTheNodesTip() throws Exception {
        try (ChainMonitor monitor = started(listener)) {
            chain.mine(3);
            monitor.onEvent(new Notification.HashBlock(chain.tip(), 0));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(3, listener.events.size());
        }
    }

    @Test
    void mempoolSequenceMessagesDoNotRingButBlockOnesAndReconcileSignalsDo() throws Exception {
        try (ChainMonitor monitor = started(listener)) {
            chain.mine(1);
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.TX_ADDED, OptionalLong.of(5), 1));
            // Anything the A message had queued (a walk) runs before this barrier completes.
            monitor.handled().get(10, TimeUnit.SECONDS);
            assertEquals(1, outcomes.size(), "an A message must not trigger a walk");
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 2));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            chain.mine(1);
            monitor.onEvent(new ReconcileNeeded(ReconcileNeeded.Reason.GAP, "sequence counter skipped"));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
        }
    }

    @Test
    void aPayloadThatExtendsTheTipIsConnectedAndItsAnnouncementsCostNothing() throws Exception {
        try (ChainMonitor monitor = started(listener)) {
            int calls = chain.calls;
            for (int i = 0; i < 5; i++) {
                chain.mine(1);
                Hash256 tip = chain.tip();
                // The payload first, then its hash announcements (another socket may deliver them later).
                monitor.onEvent(new Notification.RawBlock(chain.published(tip), i));
                monitor.onEvent(new Notification.HashBlock(tip, i));
                monitor.onEvent(new Notification.Sequence(tip, SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), i));
                monitor.handled().get(10, TimeUnit.SECONDS);
                assertEquals(tip, store.tip.hash());
            }
            assertEquals(5, listener.events.size());
            assertEquals(calls + 5, chain.calls, "one call a block: the node confirms its hash");
            assertEquals(0, chain.blockCalls, "no block fetched");
            assertEquals(1, outcomes.size(), "no walk");
        }
    }

    @Test
    void anAnnouncedBlockWhosePayloadNeverComesIsWalkedToAfterTheGrace() throws Exception {
        try (ChainMonitor monitor = started(listener)) {
            chain.mine(1);
            long t0 = System.nanoTime();
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 0));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertTrue(System.nanoTime() - t0 >= ChainMonitor.PAYLOAD_GRACE.toNanos(), "waited for the payload first");
            assertEquals(1, chain.blockCalls);
        }
    }

    @Test
    void aPayloadThatDoesNotExtendTheTipOrAnUndecodableMessageWalks() throws Exception {
        try (ChainMonitor monitor = started(listener)) {
            chain.mine(2);
            monitor.onEvent(new Notification.RawBlock(chain.published(chain.tip()), 0)); // its parent is missing
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(1, chain.blockCalls, "the payload is used, only its parent fetched");
            chain.mine(1);
            monitor.onEvent(new Undecodable("rawblock", "block body malformed"));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertEquals(3, listener.events.size());
        }
    }

    @Test
    void aBurstOfDoorbellsCollapsesIntoFewWalksAndDeliversEveryBlockOnce() throws Exception {
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
        listener.failOnNextEvents = 3;
        try (ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), Duration.ofSeconds(1), outcomes::add)) {
            chain.mine(2);
            Hash256 target = chain.tip();
            monitor.start();
            awaitTrue(() -> target.equals(store.tip.hash()));
            assertEquals(2, listener.events.size());
        }
    }

    @Test
    void payloadsPilingUpBehindABusyChainThreadAreBoundedAndTheDroppedOnesFetched() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChainListener slow = e -> {
            try {
                release.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            listener.onEvent(e);
        };
        try (ChainMonitor monitor = started(slow)) {
            int n = 3 * ChainMonitor.MAX_QUEUED_PAYLOADS;
            for (int i = 0; i < n; i++) {
                chain.mine(1);
                monitor.onEvent(new Notification.RawBlock(chain.published(chain.tip()), i));
            }
            release.countDown();
            Hash256 target = chain.tip();
            awaitTrue(() -> target.equals(store.tip.hash()));
            assertEquals(n, listener.events.size(), "every block connected once, in order");
            assertTrue(chain.blockCalls >= n - ChainMonitor.MAX_QUEUED_PAYLOADS - 1,
                    "the dropped payloads were fetched: " + chain.blockCalls + " getblock");
        }
    }

    @Test
    void aZmqTopicThatDoesNotAnnounceWhatTheRpcShowsIsReportedWithItsFixOncePerIntervalUntilItDeliversAgain() throws Exception {
        ZmqExpectation expected = new ZmqExpectation("tcp://127.0.0.1:28332", "tcp://127.0.0.1:28334", Duration.ofMillis(50),
                Duration.ofMinutes(10));
        try (LogCapture log = LogCapture.of(ChainMonitor.class);
                ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, store, listener), LONG_POLL, outcomes::add,
                        Optional.of(expected))) {
            monitor.start();
            awaitTrue(() -> outcomes.size() == 1);
            // Both topics deliver: the payload's parent is missing, so a walk connects two blocks they announced.
            chain.mine(2);
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 0));
            monitor.onEvent(new Notification.RawBlock(chain.published(chain.tip()), 0));
            awaitTrue(() -> chain.tip().equals(store.tip.hash()));
            assertTrue(monitor.zmqDelivering());

            // Only sequence delivers: the walk after its payload grace finds a block rawblock never announced.
            chain.mine(1);
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 1));
            awaitTrue(() -> log.messages(Level.WARNING).size() == 1);
            String first = log.messages(Level.WARNING).get(0);
            assertTrue(first.startsWith("ZMQ did not announce block " + chain.height() + " " + chain.tip()
                    + ": bitcoind's RPC showed it, but nothing arrived on rawblock from tcp://127.0.0.1:28332."), first);
            assertTrue(first.contains("Fix: bitcoin.conf must have zmqpubrawblock=tcp://127.0.0.1:28332 (the tower's zmq.rawblock,"
                    + " --zmq-rawblock)"), first);
            assertFalse(first.contains("zmqpubsequence"), "sequence delivered: " + first);
            assertFalse(monitor.zmqDelivering(), "published before the warning");

            // Neither delivers (the poll finds the block): sequence is newly silent; rawblock was reported minutes ago at most.
            chain.mine(1);
            monitor.ring();
            awaitTrue(() -> log.messages(Level.WARNING).size() == 2);
            String second = log.messages(Level.WARNING).get(1);
            assertTrue(second.contains("nothing arrived on sequence from tcp://127.0.0.1:28334"), second);
            assertTrue(second.contains("zmqpubsequence=tcp://127.0.0.1:28334"), second);
            assertFalse(second.contains("zmqpubrawblock"), "rawblock is not repeated within its interval: " + second);
            assertFalse(monitor.zmqDelivering());

            // Both deliver again.
            chain.mine(2);
            monitor.onEvent(new Notification.Sequence(chain.tip(), SequenceLabel.BLOCK_CONNECTED, OptionalLong.empty(), 2));
            monitor.onEvent(new Notification.RawBlock(chain.published(chain.tip()), 1));
            awaitTrue(() -> log.messages(Level.INFO, "delivers again").size() == 2);
            assertEquals(List.of("ZMQ rawblock from tcp://127.0.0.1:28332 delivers again",
                    "ZMQ sequence from tcp://127.0.0.1:28334 delivers again"), log.messages(Level.INFO, "delivers again"));
            awaitTrue(monitor::zmqDelivering);
            assertEquals(2, log.messages(Level.WARNING).size());
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Await.until("the chain to reach the expected state", Duration.ofSeconds(20), condition);
    }
}
