package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainEvent;
import dev.vigil.breachdetector.chain.ChainFollower;
import dev.vigil.breachdetector.chain.ChainListener;
import dev.vigil.breachdetector.chain.ChainMonitor;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.ReconcileOutcome;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.rpc.BitcoindChainSource;
import dev.vigil.breachdetector.rpc.BitcoindRpcClient;
import dev.vigil.breachdetector.rpc.JdkHttpRpcTransport;
import dev.vigil.breachdetector.rpc.RpcHttpRequest;
import dev.vigil.breachdetector.rpc.RpcHttpResponse;
import dev.vigil.breachdetector.rpc.RpcTransport;
import dev.vigil.breachdetector.rpc.Sleeper;
import dev.vigil.breachdetector.testing.InMemoryTipStore;
import dev.vigil.breachdetector.zmq.ZmqBlockNotifier;
import dev.vigil.breachdetector.zmq.ZmqSubscriberConfig;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.towerprotocol.testsupport.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain follower, over real JSON-RPC and real ZMQ against the devnet, produces exactly the
 * connect/disconnect sequence of the chain, through normal mining (from the {@code rawblock}
 * payloads, each confirmed by one {@code getblockhash}), a 3-block
 * and a 150-block reorg, a devnet restart (ZMQ counters reset), a ZMQ outage while 500 blocks are
 * mined, and a follower restart after 2,000 missed blocks. Each scenario checks the events one by
 * one against the devnet's own blocks, and the report (counts and timings) is written to
 * {@code target/chain-following-report.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainFollowingScenariosIT {
    /** Long: 2,000 blocks mined and caught up on a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static final Duration POLL = Duration.ofSeconds(30); // long: only ZMQ or signals may move us, unless a test says so

    @TempDir
    static Path dir;

    private Devnet devnet;
    /** The tower's durable tip, kept across follower restarts. */
    private final InMemoryTipStore tip = new InMemoryTipStore();
    private final Recorder recorder = new Recorder();
    private final List<NotifierEvent> signals = new CopyOnWriteArrayList<>();
    /** For each signal, how many events the follower had emitted when the signal arrived. */
    private final List<Integer> eventsAtSignal = new CopyOnWriteArrayList<>();
    private final List<ReconcileOutcome> walks = new CopyOnWriteArrayList<>();
    private ChainMonitor monitor;
    private ZmqBlockNotifier notifier;
    private final List<String> report = new ArrayList<>();

    /**
     * Applies the events to the tower's view of the chain, failing on any event that does not fit
     * (a connect whose parent is not the tip, a disconnect of anything but the tip).
     */
    static final class Recorder implements ChainListener {
        final List<String> chain = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> eventNanos = new CopyOnWriteArrayList<>();
        volatile String violation;

        @Override
        public void onEvent(ChainEvent e) {
            // The time first: the test thread waits on events.size() and then reads eventNanos.
            eventNanos.add(System.nanoTime());
            String hash = e.blockHash().displayHex();
            if (e instanceof ChainEvent.BlockConnected c) {
                String parent = c.block().prevHash().displayHex();
                if (!chain.isEmpty() && !chain.get(chain.size() - 1).equals(parent)) {
                    violation = "connect of " + hash + " whose parent " + parent + " is not the tip";
                }
                chain.add(hash);
                events.add("C " + hash);
            } else {
                if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(hash)) {
                    violation = "disconnect of " + hash + " which is not the tip";
                } else {
                    chain.remove(chain.size() - 1);
                }
                events.add("D " + hash);
            }
        }

        List<String> since(int mark) {
            return List.copyOf(events.subList(mark, events.size()));
        }
    }

    @BeforeAll
    void startDevnetAndFollower() throws Exception {
        devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
        devnet.mine(101);
        startFollower();
        awaitTip("first start");
        recorder.chain.add(bestHash()); // a first start takes the node's tip without events
    }

    @AfterAll
    void stopAll() throws IOException {
        stopFollower();
        devnet.close();
        Path out = Path.of("target", "chain-following-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", report) + "\n", StandardCharsets.UTF_8);
        report.forEach(System.out::println);
    }

    /** Counts the follower's RPC calls by method name, as sent on the wire. */
    static final class CountingTransport implements RpcTransport {
        private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("\"method\"\\s*:\\s*\"([a-z]+)\"");
        private final RpcTransport inner;
        final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> calls = new java.util.concurrent.ConcurrentHashMap<>();

        CountingTransport(RpcTransport inner) {
            this.inner = inner;
        }

        @Override
        public RpcHttpResponse post(RpcHttpRequest request) throws IOException, InterruptedException {
            java.util.regex.Matcher m = METHOD.matcher(new String(request.body().toArray(), StandardCharsets.UTF_8));
            calls.computeIfAbsent(m.find() ? m.group(1) : "?", k -> new java.util.concurrent.atomic.LongAdder()).increment();
            return inner.post(request);
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            calls.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    private CountingTransport followerTransport;

    private BitcoindRpcClient rpc() {
        return rpc(new JdkHttpRpcTransport(devnet.rpcUrl(), Duration.ofSeconds(5)));
    }

    private BitcoindRpcClient rpc(RpcTransport transport) {
        return new BitcoindRpcClient(transport,
                new RpcAuth.Cookie(devnet.cookieFile().orElseThrow()),
                new VigilConfig.Retry(3, Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(10), Sleeper.THREAD_SLEEP);
    }

    private String bestHash() {
        try {
            return rpc().getBestBlockHash().orElseThrow().displayHex();
        } catch (dev.vigil.breachdetector.rpc.RpcCallException e) {
            throw new AssertionError("devnet RPC failed", e);
        }
    }

    private void startFollower() throws InterruptedException {
        followerTransport = new CountingTransport(new JdkHttpRpcTransport(devnet.rpcUrl(), Duration.ofSeconds(5)));
        ChainFollower follower = new ChainFollower(new BitcoindChainSource(rpc(followerTransport)), tip, recorder);
        monitor = new ChainMonitor(follower, POLL, walks::add);
        List<String> endpoints = devnet.zmqEndpoints().values().stream().distinct().toList();
        notifier = new ZmqBlockNotifier(ZmqSubscriberConfig.forChain(endpoints), event -> {
            if (event instanceof ReconcileNeeded) {
                eventsAtSignal.add(recorder.events.size());
                signals.add(event);
            }
            monitor.onEvent(event);
        });
        notifier.start();
        assertTrue(devnet.awaitZmqSubscriptions("sequence", 1, Duration.ofSeconds(20)), "subscribed to sequence");
        monitor.start();
    }

    private void stopFollower() {
        if (notifier != null) {
            notifier.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private void awaitTip(String what) throws InterruptedException {
        String best = bestHash();
        await(() -> tip.tip != null && tip.tip.hash().displayHex().equals(best), what);
    }

    /**
     * Waits until the follower is at the node's tip with nothing left to do: every topic's first
     * message since {@code signalMark} has been seen (each is a "reconcile now" signal, which walks),
     * and a pass over the monitor's queue ran no further walk and ended up to date at the node's
     * tip. After this, only a new notification moves the follower.
     */
    private void awaitQuiet(String what, int signalMark) throws Exception {
        await(() -> signals.subList(signalMark, signals.size()).stream()
                .map(s -> ((ReconcileNeeded) s))
                .filter(r -> r.reason() == ReconcileNeeded.Reason.FIRST_MESSAGE || r.reason() == ReconcileNeeded.Reason.RESTART)
                .map(r -> r.detail().substring(0, r.detail().indexOf(' ')))
                .distinct().count() == 3, what + ": the first message of each topic");
        awaitSettled(what);
    }

    /** Waits until the monitor drained its queue and its last walk found the node's tip. */
    private void awaitSettled(String what) {
        String best = bestHash();
        Await.until(what + " to settle", WAIT, () -> {
            int n = walks.size();
            try {
                monitor.handled().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the monitor did not drain its queue", e);
            }
            return walks.size() == n && n > 0 && walks.get(n - 1) instanceof ReconcileOutcome.UpToDate u
                    && u.tip().hash().displayHex().equals(best);
        });
    }

    private static void await(BooleanSupplier c, String what) {
        Await.until(what, WAIT, c);
    }

    private static List<String> connects(List<Devnet.MinedBlock> blocks) {
        return blocks.stream().map(b -> "C " + b.hash()).toList();
    }

    private void assertExact(String scenario, List<String> expected, int mark, long startNanos) {
        assertEquals(null, recorder.violation, scenario);
        List<String> got = recorder.since(mark);
        assertEquals(expected, got, scenario);
        assertEquals(bestHash(), recorder.chain.get(recorder.chain.size() - 1), scenario + ": tower tip = node tip");
        long last = recorder.eventNanos.get(recorder.eventNanos.size() - 1);
        long d = got.stream().filter(s -> s.startsWith("D")).count();
        report.add(String.format(Locale.ROOT, "%-44s %5d connected %4d disconnected  %8.1f ms from the scenario's start to the tower's tip matching",
                scenario, got.size() - d, d, (last - startNanos) / 1e6));
    }

    /**
     * Blocks mined one at a time arrive as {@code rawblock} payloads that extend the tip: each is
     * connected from its payload, so the follower fetches none of them: counted on the wire, it only
     * asks the node to confirm each hash.
     */
    @Test
    @Order(1)
    void normalMiningBlockByBlockIsConnectedFromThePayloads() throws Exception {
        // One block first: the first message of each topic is a "reconcile now" signal and walks.
        int signalMark = signals.size();
        devnet.mine(1);
        awaitQuiet("the first block after the follower started", signalMark);
        int mark = recorder.events.size();
        long start = System.nanoTime();
        List<Devnet.MinedBlock> mined = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        Map<String, Long> before = followerTransport.snapshot();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            mined.addAll(devnet.mine(1));
            int expected = mark + mined.size();
            await(() -> recorder.events.size() >= expected, "block " + mined.size());
            latencies.add((recorder.eventNanos.get(expected - 1) - t0) / 1e6);
        }
        assertExact("normal mining (20 blocks, one at a time)", connects(mined), mark, start);
        Map<String, Long> used = new TreeMap<>();
        followerTransport.snapshot().forEach((k, v) -> used.put(k, v - before.getOrDefault(k, 0L)));
        used.values().removeIf(v -> v == 0);
        assertEquals(0L, used.getOrDefault("getblock", 0L), "no block fetched over RPC: " + used);
        Collections.sort(latencies);
        report.add("  RPC calls for those 20 blocks: " + used.values().stream().mapToLong(Long::longValue).sum() + " " + used);
        report.add(String.format(Locale.ROOT, "  mine() to BlockConnected: median %.1f ms, max %.1f ms (ZMQ rawblock payload)",
                latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1)));
    }

    private void reorg(String scenario, int depth) throws Exception {
        List<String> active = new ArrayList<>(recorder.chain);
        int mark = recorder.events.size();
        List<String> gone = new ArrayList<>(active.subList(active.size() - depth, active.size()));
        Collections.reverse(gone);
        long start = System.nanoTime();
        assertTrue(devnet.invalidate(gone.get(gone.size() - 1)), "invalidateblock");
        List<Devnet.MinedBlock> branch = devnet.mine(depth + 1);
        awaitTip(scenario);
        List<String> expected = new ArrayList<>();
        gone.forEach(h -> expected.add("D " + h));
        expected.addAll(connects(branch));
        assertExact(scenario, expected, mark, start);
    }

    @Test
    @Order(2)
    void threeBlockReorg() throws Exception {
        reorg("3-block reorg (3 out, 4 in)", 3);
    }

    @Test
    @Order(3)
    void hundredFiftyBlockReorg() throws Exception {
        devnet.mine(150);
        awaitTip("150 blocks before the deep reorg");
        reorg("150-block reorg (150 out, 151 in)", 150);
    }

    @Test
    @Order(4)
    void devnetRestartResetsTheCounters() throws Exception {
        int mark = recorder.events.size();
        int signalMark = signals.size();
        devnet.restart();
        assertTrue(devnet.awaitZmqSubscriptions("sequence", 1, Duration.ofSeconds(30)), "resubscribed after restart");
        long start = System.nanoTime();
        List<Devnet.MinedBlock> mined = devnet.mine(5);
        awaitTip("after the restart");
        assertExact("devnet restart (new cookie, counters reset), 5 blocks", connects(mined), mark, start);
        awaitQuiet("after the restart", signalMark);
        assertTrue(signals.subList(signalMark, signals.size()).stream().anyMatch(s -> ((ReconcileNeeded) s).reason() == ReconcileNeeded.Reason.RESTART
                || ((ReconcileNeeded) s).reason() == ReconcileNeeded.Reason.CONNECTED), "the restart was noticed: " + signals);
    }

    @Test
    @Order(5)
    void zmqOutageWhile500BlocksAreMined() throws Exception {
        // A fresh monitor: its safety poll is then a whole POLL away, far longer than the outage below
        // takes even on a loaded machine. (The class's first monitor has run for about that long by now.)
        stopFollower();
        int restartMark = signals.size();
        startFollower();
        devnet.mine(1);
        awaitTip("the restarted follower");
        await(() -> signals.size() > restartMark, "the restarted follower's first signal");
        awaitSettled("the restarted follower");
        int mark = recorder.events.size();
        int signalMark = signals.size();
        devnet.setZmqDropping(true);
        long start = System.nanoTime();
        List<Devnet.MinedBlock> mined = new ArrayList<>(devnet.mine(500));
        devnet.setZmqDropping(false);
        mined.addAll(devnet.mine(1)); // the next message shows the gap: reconcile
        awaitTip("after the ZMQ outage");
        assertExact("ZMQ outage while 500 blocks are mined, then 1", connects(mined), mark, start);
        // The publisher sends in order: the first message after the outage is the first signal here,
        // and when it arrived nothing had moved, since the 500 blocks' messages were dropped.
        assertTrue(signals.size() > signalMark, "the outage was noticed");
        assertEquals(mark, eventsAtSignal.get(signalMark), "nothing moves while ZMQ is silent and the poll is far");
    }

    @Test
    @Order(6)
    void followerRestartAfter2000MissedBlocks() throws Exception {
        stopFollower();
        int mark = recorder.events.size();
        List<Devnet.MinedBlock> mined = devnet.mine(2_000);
        long start = System.nanoTime();
        startFollower();
        awaitTip("catch-up after 2,000 blocks");
        assertExact("follower restart after 2,000 missed blocks", connects(mined), mark, start);
        double seconds = (recorder.eventNanos.get(recorder.eventNanos.size() - 1) - start) / 1e9;
        report.add(String.format(Locale.ROOT, "  catch-up: %.0f blocks/s (DESIGN §10 target: 20 or more)", 2_000 / seconds));
    }
}
