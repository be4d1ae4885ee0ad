package dev.vigil.clientsdk;

import static dev.vigil.clientsdk.TestClients.DELAY;
import static dev.vigil.clientsdk.TestClients.justice;
import static dev.vigil.clientsdk.TestClients.txid;
import static dev.vigil.clientsdk.VectorChannel.OFFERED;
import static dev.vigil.clientsdk.VectorChannel.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The background sender, and the client used from several threads at once. */
class TowerClientThreadsTest {
    private static final Duration WAIT = Await.DEFAULT;

    private final TestClients f = new TestClients();
    /** Every thread that called the transport. */
    private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

    TowerClientThreadsTest() {
        Transport towers = f.transport;
        f.transport = (url, body) -> {
            callers.add(Thread.currentThread());
            return towers.post(url, body);
        };
    }

    private boolean deliveredEverywhere(TowerClient c, int n) {
        return c.receipts(f.a.id).size() == n && c.receipts(f.b.id).size() == n;
    }

    @Test
    void theBackgroundSenderDeliversWithoutAFlushAndStopsOnClose() throws Exception {
        TowerClient c = f.open();
        // An interval far longer than the test: only the wake-up after each new appointment can deliver in time.
        BackgroundSender sender = c.startBackgroundSender(Duration.ofHours(1));
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(1), justice(1), DELAY));
        Await.until("the sender delivers the first appointment to both towers", WAIT, () -> deliveredEverywhere(c, 1));
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(2), justice(2), DELAY));
        Await.until("the sender delivers the second", WAIT, () -> deliveredEverywhere(c, 2));
        assertFalse(callers.contains(Thread.currentThread()), "the test thread never flushed");
        assertEquals(1, callers.size(), "one sender thread made every call");
        Thread senderThread = callers.iterator().next();
        assertTrue(senderThread.isDaemon());

        sender.close();
        // close() joins the thread: once it returns, nothing is left that could call a tower.
        assertFalse(senderThread.isAlive(), "the sender thread ended");
        int requests = f.requests();
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(3), justice(3), DELAY));
        assertEquals(requests, f.requests(), "a new appointment wakes no one");
        assertEquals(1, c.pending(f.a.id).size());
        // The client stays usable: an explicit flush delivers it, from this thread.
        c.flush();
        assertTrue(deliveredEverywhere(c, 3));
        assertTrue(callers.contains(Thread.currentThread()));
    }

    @Test
    void oneBackgroundSenderAtATime() throws Exception {
        TowerClient c = f.open();
        BackgroundSender first = c.startBackgroundSender(Duration.ofHours(1));
        assertThrows(IllegalStateException.class, () -> c.startBackgroundSender(Duration.ofHours(1)));
        first.close();
        // Once it is closed another may start, and it delivers.
        BackgroundSender second = c.startBackgroundSender(Duration.ofHours(1));
        try {
            c.addAppointment(txid(1), justice(1), DELAY);
            Await.until("the second sender delivers", WAIT, () -> deliveredEverywhere(c, 1));
        } finally {
            second.close();
        }
        assertThrows(IllegalArgumentException.class, () -> c.startBackgroundSender(Duration.ZERO));
        // A refused interval leaves no sender registered: a valid one starts.
        c.startBackgroundSender(Duration.ofHours(1)).close();
    }

    @Test
    void theBackgroundSenderRetriesOnItsIntervalOnceATowerComesBack() throws Exception {
        f.b.mode = FakeTower.Mode.DOWN;
        TowerClient c = f.open();
        BackgroundSender sender = c.startBackgroundSender(Duration.ofMillis(10));
        try {
            c.addAppointment(txid(1), justice(1), DELAY);
            Await.until("a delivers", WAIT, () -> c.receipts(f.a.id).size() == 1);
            Await.until("b failed once", WAIT, () -> c.status(f.b.id).failures() == 1);
            // No new appointment, no wake-up: only the interval brings the sender back once b's backoff ran out.
            f.b.mode = FakeTower.Mode.OK;
            f.now.addAndGet(TestClients.BACKOFF.initial().toMillis());
            Await.until("b delivers", WAIT, () -> c.receipts(f.b.id).size() == 1);
        } finally {
            sender.close();
        }
        assertEquals(0, c.status(f.b.id).failures());
    }

    /**
     * A port that throws (the wallet's transport or store, against its contract) is logged and the
     * sender goes on: on its interval, like any failed flush, not at once in a loop.
     */
    @Test
    void aFlushThatThrowsIsTriedAgainOnTheIntervalNotInATightLoop() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        f.transport = (url, body) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a transport with a bug");
        };
        TowerClient c = f.open();
        BackgroundSender sender = c.startBackgroundSender(Duration.ofHours(1));
        try {
            c.addAppointment(txid(1), justice(1), DELAY);
            Await.until("the sender tried", WAIT, () -> calls.get() >= 1);
        } finally {
            sender.close();
        }
        // One attempt for the new appointment; a second one only if its wake-up raced the first flush
        // (stored, flushed, then woken). A sender retrying at once would have made many by now.
        assertTrue(calls.get() <= 2, "one attempt after the wake-up, the next one an hour later: " + calls.get() + " calls");
    }

    /**
     * Revocations reported from several threads at once while another thread flushes: every state
     * is queued once and delivered once to each tower, and the log reloads to the same state.
     */
    @Test
    void concurrentRevocationsAndFlushesDeliverEveryStateExactlyOnce() throws Exception {
        ChannelType type = ChannelType.STATIC_REMOTEKEY;
        TowerClient c = f.open();
        c.registerChannel(VectorChannel.spec(type));
        int threads = 4;
        int statesPerThread = 3;
        List<List<VectorChannel.State>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<VectorChannel.State> mine = new ArrayList<>();
            for (int i = 0; i < statesPerThread; i++) {
                mine.add(VectorChannel.state(type, 100 + t * statesPerThread + i, List.of(OFFERED, RECEIVED)));
            }
            work.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean reporting = new AtomicBoolean(true);
            Future<Integer> flusher = pool.submit(() -> {
                start.await();
                int flushes = 0;
                while (reporting.get()) {
                    c.flush();
                    flushes++;
                }
                return flushes;
            });
            List<Future<List<RevocationResult>>> reporters = new ArrayList<>();
            for (List<VectorChannel.State> mine : work) {
                reporters.add(pool.submit(() -> {
                    start.await();
                    List<RevocationResult> out = new ArrayList<>();
                    for (VectorChannel.State s : mine) {
                        out.add(VectorChannel.report(c, s));
                    }
                    return out;
                }));
            }
            start.countDown();
            Set<Locator> expected = new HashSet<>();
            for (Future<List<RevocationResult>> r : reporters) {
                for (RevocationResult result : r.get(30, TimeUnit.SECONDS)) {
                    var q = assertInstanceOf(RevocationResult.Queued.class, result);
                    assertEquals(2, q.secondStage().size());
                    expected.add(q.commitmentTxid().locator());
                    q.secondStage().forEach(s -> expected.add(s.secondStageTxid().locator()));
                }
            }
            reporting.set(false);
            assertTrue(flusher.get(30, TimeUnit.SECONDS) >= 1);
            c.flush(); // what the last concurrent flush did not see
            int states = threads * statesPerThread;
            assertEquals(3 * states, expected.size());
            for (FakeTower t : List.of(f.a, f.b)) {
                List<Locator> delivered = c.receipts(t.id).stream().map(r -> r.appointment().locator()).toList();
                assertEquals(expected, new HashSet<>(delivered));
                assertEquals(expected.size(), delivered.size(), "each delivered once");
                assertEquals(expected.size(), t.requestsTo("/add_appointment"), "each sent once");
                assertEquals(List.of(), c.pending(t.id));
            }
            var record = c.channelStatus(VectorChannel.id(type)).orElseThrow().channel();
            assertEquals(states, record.revocations());
            assertEquals(100 + states - 1, record.highestRevokedNumber());

            TowerClient reloaded = f.open();
            for (FakeTower t : List.of(f.a, f.b)) {
                List<ReceiptProof> receipts = c.receipts(t.id);
                assertEquals(receipts, reloaded.receipts(t.id));
                assertEquals(c.status(t.id), reloaded.status(t.id));
            }
            assertEquals(c.channels(), reloaded.channels());
        } finally {
            pool.shutdownNow();
        }
    }
}
