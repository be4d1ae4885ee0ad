package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.chain.ChainFollower;
import dev.vigil.breachdetector.chain.ChainHeader;
import dev.vigil.breachdetector.chain.ChainListener;
import dev.vigil.breachdetector.chain.ChainMonitor;
import dev.vigil.breachdetector.chain.ChainSource;
import dev.vigil.breachdetector.chain.ChainSourceException;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.NotificationListener;
import dev.vigil.breachdetector.notify.Undecodable;
import dev.vigil.breachdetector.rpc.BitcoindRpcClient;
import dev.vigil.breachdetector.rpc.RpcHttpRequest;
import dev.vigil.breachdetector.rpc.RpcHttpResponse;
import dev.vigil.breachdetector.rpc.RpcTransport;
import dev.vigil.breachdetector.rpc.Sleeper;
import dev.vigil.breachdetector.testing.InMemoryTipStore;
import dev.vigil.breachdetector.zmq.ZmqBlockNotifier;
import dev.vigil.breachdetector.zmq.ZmqSubscriberConfig;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerserver.carrier.BitcoindCarrier;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.StoreFill;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.BatchScope;
import dev.vigil.towerserver.watcher.BreachLookup;
import dev.vigil.towerserver.watcher.StoredAppointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Carrier;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import dev.vigil.towerserver.watcher.Watcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * DESIGN §10: a 4,000-transaction block against N stored appointments, from bitcoind's ZMQ message
 * to the {@code sendrawtransaction} of its justice transactions, against the cost of parsing the
 * block and hashing its transactions (the baseline, measured in the same run). A plain main, not a
 * test.
 *
 * <p>The path is the tower's own, thread for thread: a JeroMQ PUB socket on loopback publishes each
 * block as bitcoind does (3 frames, topic | body | LE32 per-topic counter; {@code sequence} C, then
 * {@code hashblock}, then {@code rawblock}, as {@code BlockConnected} precedes
 * {@code UpdatedBlockTip}); the real {@link ZmqBlockNotifier} decodes and parses it on its socket
 * thread; the {@link ChainMonitor} hands the block to {@code vigil-chain}, where the
 * {@link ChainFollower} connects it from the payload; the watcher and the responder run on the tower
 * thread over the MapDB store (journaled, group commit) and the locator index rebuilt from it; the
 * real {@link BitcoindCarrier} sends on its pool through the real {@link BitcoindRpcClient}. The RPC
 * transport is a recorder in process that answers every {@code sendrawtransaction} at once, so the
 * figure stops at the moment the tower hands the penalty to bitcoind. The node behind the follower
 * answers only {@code getbestblockhash} and counts every call: a round that needed one more would
 * show in the report.
 *
 * <p>The blocks form a chain: each is the 4,001-transaction segwit fixture with its header's parent
 * set to the previous block (and its time moved on), so every one is a new tip with the same
 * transactions, and 10 of them are breaches, each with a fresh stored appointment whose blob holds a
 * standard penalty. Each round has a fresh responder, as a tower usually has no breach in hand when
 * one comes.
 *
 * <p>Run from the repository root: {@code bench/run-block [appointments, default 1,000,000] [directory]}.
 * A given directory keeps the filled store for the next run.
 */
public final class BlockToBroadcastBench {
    private static final int BREACHES = 10;
    private static final int ROUNDS = 120;
    private static final int WARM_UP = 20;
    private static final int BASE_HEIGHT = 800_000;
    private static final String[] STAGES = {
        "publisher send -> hashblock (the message before) on the ZMQ thread",
        "parsed -> follower's listener on vigil-chain (hop + merkle)",
        "listener -> lookup issued on the tower thread (hop+locators+index)",
        "lookup issued -> lookup complete (store thread)",
        "lookup complete -> first broadcast asked (hop + inspect)",
        "first -> last broadcast asked (inspect + trackers)",
        "last broadcast asked -> last sendrawtransaction (carrier)",
        "(stage 1 split) hashblock -> parsed rawblock on the ZMQ thread",
    };

    private BlockToBroadcastBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("vigil-block-bench");
        Path file = dir.resolve(MapDbTowerStore.FILE_NAME);
        byte[] raw = SharedFiles.bytes("fixtures/blocks/regtest-segwit-4000.raw");
        Secp256k1 secp = Secp256k1Backends.best();
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            StoreFill.fill(file, n);
            System.out.printf(Locale.ROOT, "filled %,d appointments in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
        Block fixture = Block.parse(raw).orElseThrow();
        double[] parseBefore = parseAndHash(raw, 200);

        MapDbTowerStore store = MapDbTowerStore.open(file).toCompletableFuture().get();
        TowerThread tower = TowerThread.start("vigil-tower");
        ExecutorService cpu = Executors.newFixedThreadPool(2);
        ExecutorService carrierPool = Executors.newFixedThreadPool(2);
        try (ZContext zmq = new ZContext(1)) {
            LocatorPrefixIndex index = LocatorPrefixIndex.rebuildFrom(store).toCompletableFuture().get();
            List<UserRecord> users = store.loadUsers().toCompletableFuture().get();
            Gatekeeper gatekeeper = new Gatekeeper(SubscriptionPolicy.teosDefaults(), users);
            LightningMessageSigner signer = new LightningMessageSigner(secp);
            PrivateKey towerKey = PrivateKey.random(new java.security.SecureRandom());
            RecordingNode node = new RecordingNode();
            BitcoindCarrier carrier = new BitcoindCarrier(new BitcoindRpcClient(node, new RpcAuth.UserPassword("bench", "bench"),
                    new VigilConfig.Retry(1, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(30), Sleeper.THREAD_SLEEP), carrierPool);

            InMemoryTipStore tips = new InMemoryTipStore();
            tips.tip = new ChainTip(fixture.prevHash(), BASE_HEIGHT);
            OnlyTheTip chain = new OnlyTheTip(tips);
            Watcher[] current = new Watcher[1];
            long[] connectedAt = new long[1];
            ChainListener toWatcher = e -> {
                connectedAt[0] = System.nanoTime();
                current[0].onEvent(e);
            };
            Stamps stamps = new Stamps();
            TimedLookup lookup = new TimedLookup(store, stamps);
            TimedCarrier timedCarrier = new TimedCarrier(carrier, stamps);
            current[0] = watcher(tower, cpu, signer, towerKey, gatekeeper, store, lookup, index, timedCarrier, 0);
            ChainMonitor monitor = new ChainMonitor(new ChainFollower(chain, tips, toWatcher), Duration.ofMinutes(10), o -> { });

            ZMQ.Socket pub = zmq.createSocket(SocketType.PUB);
            pub.setLinger(0);
            pub.bind("tcp://127.0.0.1:*");
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger rawblockTopic = new AtomicInteger();
            long[] decodedAt = new long[1];
            long[] hashblockAt = new long[1];
            NotificationListener counting = e -> {
                if (e instanceof Notification.RawBlock) {
                    decodedAt[0] = System.nanoTime();
                } else if (e instanceof Notification.HashBlock) {
                    hashblockAt[0] = System.nanoTime();
                }
                if (e instanceof Undecodable u && u.topic().equals("rawblock")) {
                    rawblockTopic.incrementAndGet();
                }
                delivered.incrementAndGet();
                monitor.onEvent(e);
            };
            ZmqBlockNotifier notifier = new ZmqBlockNotifier(ZmqSubscriberConfig.forChain(List.of(pub.getLastEndpoint())), counting);
            notifier.start();
            monitor.start();
            Publisher publisher = new Publisher(pub);
            // The slow joiner: until the subscriptions are through, mempool messages (which walk
            // nothing) and a too-short rawblock (undecodable: one walk, which finds the tip), so that
            // the first block's payload is not lost to a rawblock subscription still on its way.
            while (delivered.get() == 0 || rawblockTopic.get() == 0) {
                publisher.mempoolAdd();
                publisher.shortRawblock();
                Thread.sleep(20);
            }
            monitor.handled().get(30, TimeUnit.SECONDS);

            double[] toBroadcast = new double[ROUNDS];
            double[] toDecoded = new double[ROUNDS];
            double[] toConnected = new double[ROUNDS];
            double[][] stages = new double[STAGES.length][ROUNDS];
            Hash256 parent = fixture.prevHash();
            int callsBefore = 0;
            for (int round = 0; round < ROUNDS; round++) {
                byte[] blockBytes = chained(raw, parent, round);
                Hash256 hash = Block.parse(blockBytes).orElseThrow().hash();
                current[0] = watcher(tower, cpu, signer, towerKey, gatekeeper, store, lookup, index, timedCarrier, round);
                stamps.reset();
                List<Bytes> penalties = plantBreaches(store, index, tower, fixture, round, secp);
                CountDownLatch sent = node.expect(penalties);
                if (round == WARM_UP) {
                    callsBefore = chain.calls.get();
                }

                chain.published.put(tips.load().orElseThrow().height() + 1, hash);
                long t0 = System.nanoTime();
                publisher.block(hash, blockBytes);
                if (!sent.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + round + ": not every penalty was sent");
                }
                long last = 0;
                for (Bytes p : penalties) {
                    last = Math.max(last, node.sentAt(p));
                }
                toBroadcast[round] = (last - t0) / 1e6;
                toDecoded[round] = (decodedAt[0] - t0) / 1e6;
                toConnected[round] = (connectedAt[0] - t0) / 1e6;
                stages[0][round] = (hashblockAt[0] - t0) / 1e6;
                stages[7][round] = (decodedAt[0] - hashblockAt[0]) / 1e6;
                stages[1][round] = (connectedAt[0] - decodedAt[0]) / 1e6;
                stages[2][round] = (stamps.lookupIssued - connectedAt[0]) / 1e6;
                stages[3][round] = (stamps.lookupDone - stamps.lookupIssued) / 1e6;
                stages[4][round] = (stamps.firstBroadcast - stamps.lookupDone) / 1e6;
                stages[5][round] = (stamps.lastBroadcast - stamps.firstBroadcast) / 1e6;
                stages[6][round] = (last - stamps.lastBroadcast) / 1e6;
                // The next block's parent must be the follower's tip.
                while (!tips.load().orElseThrow().hash().equals(hash)) {
                    Thread.sleep(1);
                }
                monitor.handled().get(30, TimeUnit.SECONDS);
                parent = hash;
            }
            int calls = chain.calls.get() - callsBefore;
            notifier.close();
            monitor.close();
            double[] parseAfter = parseAndHash(raw, 200);
            double[] transfer = transfer(zmq, raw, fixture.hash(), ROUNDS);

            double[] warm = Arrays.copyOfRange(toBroadcast, WARM_UP, ROUNDS);
            double[] baseline = concat(Arrays.copyOfRange(parseBefore, 50, parseBefore.length),
                    Arrays.copyOfRange(parseAfter, 50, parseAfter.length));
            System.out.printf(Locale.ROOT, "block of %,d transactions, %d breaches, against %,d stored appointments:%n",
                    fixture.transactionCount(), BREACHES, index.size());
            System.out.printf(Locale.ROOT, "  ZMQ message to the last sendrawtransaction: %s (%d rounds after %d warm-up)%n",
                    spread(warm), warm.length, WARM_UP);
            System.out.printf(Locale.ROOT, "    of which, to the parsed block on the ZMQ thread: %s%n", spread(Arrays.copyOfRange(toDecoded, WARM_UP, ROUNDS)));
            System.out.printf(Locale.ROOT, "    of which, to the connected block reaching the watcher: %s%n",
                    spread(Arrays.copyOfRange(toConnected, WARM_UP, ROUNDS)));
            System.out.printf(Locale.ROOT, "  baseline, parse + hash the block: %s (%d parses, before and after)%n",
                    spread(baseline), baseline.length);
            System.out.printf(Locale.ROOT, "  ratio of the medians: %.2fx (DESIGN §10 budget: 2x)%n", median(warm) / median(baseline));
            double[] transferWarm = Arrays.copyOfRange(transfer, WARM_UP, ROUNDS);
            double[] fromReceipt = new double[warm.length];
            for (int i = 0; i < warm.length; i++) {
                fromReceipt[i] = warm[i] - median(transferWarm);
            }
            System.out.printf(Locale.ROOT, "  stages (median, p90), each to the next:%n");
            for (int k = 0; k < STAGES.length; k++) {
                double[] st = Arrays.copyOfRange(stages[k], WARM_UP, ROUNDS);
                System.out.printf(Locale.ROOT, "    %-62s %6.3f ms  p90 %6.3f%n", STAGES[k], median(st), percentile(st, 0.9));
            }
            System.out.printf(Locale.ROOT, "  JeroMQ transfer alone (PUB send to the whole 3-frame rawblock message received by a plain SUB, same options): %s%n",
                    spread(transferWarm));
            System.out.printf(Locale.ROOT, "  from receipt (each round minus the transfer's median): %s; ratio of the medians %.2fx, p90 %.2fx%n",
                    spread(fromReceipt), median(fromReceipt) / median(baseline), percentile(fromReceipt, 0.9) / median(baseline));
            System.out.printf(Locale.ROOT, "  from the publisher: ratio of the medians %.2fx, p90 %.2fx%n",
                    median(warm) / median(baseline), percentile(warm, 0.9) / median(baseline));
            System.out.printf(Locale.ROOT, "  calls to the node's chain RPC in the measured rounds: %d (getblock: none asked for)%n", calls);
        } finally {
            tower.close();
            carrierPool.shutdown();
            cpu.shutdown();
            store.close();
            if (args.length < 2) {
                StoreFill.deleteTree(dir);
            }
        }
    }

    /** A watcher with a fresh responder, at the height of the round's parent. */
    private static Watcher watcher(TowerThread tower, ExecutorService cpu, LightningMessageSigner signer, PrivateKey key,
            Gatekeeper gatekeeper, MapDbTowerStore store, BreachLookup lookup, LocatorPrefixIndex index, Carrier carrier, int round) {
        BatchScope batch = new BatchScope(store, tower, gatekeeper);
        Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(100, 3)), batch, batch, carrier, tower,
                new Settlement(gatekeeper, batch, batch, tower), List.of(), BASE_HEIGHT + round);
        return new Watcher(new Watcher.Parts(tower, cpu, signer, key, gatekeeper, store, store, lookup, index,
                new RecentBlocks(6), responder, batch), BASE_HEIGHT + round);
    }

    /** When each hand-off of the round happened (System.nanoTime). */
    private static final class Stamps {
        volatile long lookupIssued;
        volatile long lookupDone;
        volatile long firstBroadcast;
        volatile long lastBroadcast;

        void reset() {
            lookupIssued = 0;
            lookupDone = 0;
            firstBroadcast = 0;
            lastBroadcast = 0;
        }
    }

    /** The store's breach lookup, timed. */
    private record TimedLookup(MapDbTowerStore store, Stamps stamps) implements BreachLookup {
        @Override
        public CompletionStage<List<StoredAppointment>> findByLocators(Collection<Locator> locators) {
            stamps.lookupIssued = System.nanoTime();
            return store.findByLocators(locators).whenComplete((v, e) -> stamps.lookupDone = System.nanoTime());
        }
    }

    /** The carrier, with when the responder asked for each broadcast. */
    private record TimedCarrier(Carrier carrier, Stamps stamps) implements Carrier {
        @Override
        public CompletionStage<BroadcastOutcome> broadcast(Bytes rawTransaction) {
            long now = System.nanoTime();
            if (stamps.firstBroadcast == 0) {
                stamps.firstBroadcast = now;
            }
            stamps.lastBroadcast = now;
            return carrier.broadcast(rawTransaction);
        }
    }

    /**
     * The JeroMQ transfer alone, on a PUB/SUB pair of its own with the subscriber's options (and, as
     * the notifier's, in a context of its own): from the send of the block's three messages to the
     * receipt of the whole rawblock message.
     */
    private static double[] transfer(ZContext zmq, byte[] raw, Hash256 hash, int rounds) throws InterruptedException {
        ZmqSubscriberConfig config = ZmqSubscriberConfig.forChain(List.of("tcp://127.0.0.1:1"));
        ZMQ.Socket pub = zmq.createSocket(SocketType.PUB);
        pub.setLinger(0);
        pub.bind("tcp://127.0.0.1:*");
        // The subscriber in a context of its own, as the notifier's: its own I/O thread.
        ZContext subContext = new ZContext(1);
        ZMQ.Socket sub = subContext.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setMaxMsgSize(config.maxMessageBytes());
        sub.setRcvHWM(config.receiveHighWaterMark());
        sub.connect(pub.getLastEndpoint());
        sub.subscribe("rawblock".getBytes(StandardCharsets.US_ASCII));
        sub.subscribe("sequence".getBytes(StandardCharsets.US_ASCII));
        sub.subscribe("hashblock".getBytes(StandardCharsets.US_ASCII));
        Publisher publisher = new Publisher(pub);
        while (sub.recv(ZMQ.DONTWAIT) == null) {
            publisher.mempoolAdd();
            Thread.sleep(20);
        }
        Thread.sleep(100);
        while (sub.recv(ZMQ.DONTWAIT) != null) {
            // drain the joiner's messages
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            byte[] copy = raw.clone();
            long t0 = System.nanoTime();
            publisher.block(hash, copy);
            while (true) {
                byte[] topic = sub.recv(0);
                while (sub.hasReceiveMore()) {
                    sub.recv(0);
                }
                if (topic.length == 8 && topic[0] == 'r') {
                    break;
                }
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(5);
        }
        sub.close();
        subContext.close();
        pub.close();
        return ms;
    }

    private static double percentile(double[] xs, double q) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[(int) (s.length * q)];
    }

    /** Parse + hash of the block, as a copy of the bytes is parsed (every txid computed). */
    private static double[] parseAndHash(byte[] raw, int times) {
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            Block.parse(raw).orElseThrow();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** The fixture with its header's parent replaced and its time moved on by {@code round} seconds. */
    private static byte[] chained(byte[] raw, Hash256 parent, int round) {
        byte[] b = raw.clone();
        parent.internalOrder().copyTo(b, 4);
        long time = (b[68] & 0xffL | (b[69] & 0xffL) << 8 | (b[70] & 0xffL) << 16 | (b[71] & 0xffL) << 24) + round + 1;
        for (int i = 0; i < 4; i++) {
            b[68 + i] = (byte) (time >>> (8 * i));
        }
        return b;
    }

    /** Publishes as bitcoind does: 3 frames, topic | body | LE32 counter, one counter per topic. */
    private static final class Publisher {
        private final ZMQ.Socket pub;
        private int sequence;
        private int hashblock;
        private int rawblock;

        Publisher(ZMQ.Socket pub) {
            this.pub = pub;
        }

        void shortRawblock() {
            send("rawblock", new byte[1], rawblock++);
        }

        void mempoolAdd() {
            byte[] body = new byte[41];
            body[32] = 'A';
            send("sequence", body, sequence++);
        }

        void block(Hash256 hash, byte[] raw) {
            byte[] display = hash.displayOrder().toArray();
            send("sequence", Arrays.copyOf(display, 33), sequence++, 'C');
            send("hashblock", display, hashblock++);
            send("rawblock", raw, rawblock++);
        }

        private void send(String topic, byte[] body, int counter, char label) {
            body[32] = (byte) label;
            send(topic, body, counter);
        }

        private void send(String topic, byte[] body, int counter) {
            pub.sendMore(topic.getBytes(StandardCharsets.US_ASCII));
            pub.sendMore(body);
            pub.send(new byte[] {(byte) counter, (byte) (counter >>> 8), (byte) (counter >>> 16), (byte) (counter >>> 24)});
        }
    }

    /**
     * bitcoind's RPC server for the carrier, in process: each {@code sendrawtransaction} is timed
     * and answered with the transaction's txid at once. The answers to the round's penalties are
     * prepared before the round, so that the node's own work (bitcoind's, in another process) does
     * not hold the carrier's pool, which sends the later penalties, back.
     */
    private static final class RecordingNode implements RpcTransport {
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        /** The round's penalties (hex) and the txid each is answered with. */
        private volatile Map<String, String> expected = Map.of();
        private volatile CountDownLatch pending = new CountDownLatch(0);

        CountDownLatch expect(List<Bytes> penalties) {
            Map<String, String> e = new ConcurrentHashMap<>();
            penalties.forEach(p -> e.put(p.toHex(), Transaction.parse(p).orElseThrow().txid().displayHex()));
            sentAt.clear();
            CountDownLatch latch = new CountDownLatch(penalties.size());
            expected = e;
            pending = latch;
            return latch;
        }

        long sentAt(Bytes penalty) {
            return sentAt.get(penalty.toHex());
        }

        @Override
        public RpcHttpResponse post(RpcHttpRequest request) {
            long now = System.nanoTime();
            String body = new String(request.body().toArray(), StandardCharsets.UTF_8);
            String id = between(body, "\"id\":\"", "\"");
            String hex = between(body, "\"params\":[\"", "\"");
            String txid = expected.get(hex);
            if (txid != null && sentAt.putIfAbsent(hex, now) == null) {
                pending.countDown();
            }
            if (txid == null) {
                txid = Transaction.parse(Bytes.fromHex(hex)).orElseThrow().txid().displayHex();
            }
            return new RpcHttpResponse(200, Bytes.of(("{\"result\":\"" + txid + "\",\"error\":null,\"id\":\"" + id + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
        }

        private static String between(String s, String from, String to) {
            int a = s.indexOf(from) + from.length();
            return s.substring(a, s.indexOf(to, a));
        }
    }

    /**
     * A node that says its best block is the follower's tip, confirms the hash of each block the bench
     * publishes at its height (the follower's check before it connects a payload; answered in-process,
     * like the carrier's calls), and counts every call.
     */
    private static final class OnlyTheTip implements ChainSource {
        final AtomicInteger calls = new AtomicInteger();
        final Map<Integer, Hash256> published = new ConcurrentHashMap<>();
        private final InMemoryTipStore tips;

        OnlyTheTip(InMemoryTipStore tips) {
            this.tips = tips;
        }

        @Override
        public Hash256 bestBlockHash() {
            calls.incrementAndGet();
            return tips.load().orElseThrow().hash();
        }

        @Override
        public Optional<ChainHeader> header(Hash256 hash) throws ChainSourceException {
            calls.incrementAndGet();
            throw new ChainSourceException("the bench's node serves no headers");
        }

        @Override
        public Optional<Hash256> blockHashAt(int height) {
            calls.incrementAndGet();
            return Optional.ofNullable(published.get(height));
        }

        @Override
        public Optional<Block> block(Hash256 hash) throws ChainSourceException {
            calls.incrementAndGet();
            throw new ChainSourceException("the bench's node serves no blocks");
        }
    }

    /** Stores, for a fresh user, an appointment for 10 of the block's transactions; returns their penalties. */
    private static List<Bytes> plantBreaches(MapDbTowerStore store, LocatorPrefixIndex index, TowerThread tower, Block block,
            int round, Secp256k1 secp) throws Exception {
        UserId user = user(1_000_000 + round, secp);
        List<Bytes> penalties = new ArrayList<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        List<Appointment> planted = new ArrayList<>();
        for (int k = 0; k < BREACHES; k++) {
            int i = 1 + k * 400;
            Txid dispute = new Txid(block.txid(i).internalOrder());
            Bytes penalty = penalty(dispute, 10_000 + round);
            penalties.add(penalty);
            Appointment a = new Appointment(dispute.locator(), BlobCipher.encrypt(penalty, dispute), 144);
            planted.add(a);
            puts.add(store.putAppointment(new StoredAppointment(user, a, "sig", BASE_HEIGHT, 1),
                    new UserRecord(user, 9_999, BASE_HEIGHT, 900_000)).toCompletableFuture());
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get();
        // The index belongs to the tower thread.
        CompletableFuture.runAsync(() -> planted.forEach(a -> index.add(a.locator())), tower).get();
        return penalties;
    }

    /** A standard 82-byte penalty spending output 0 of {@code dispute} (the watcher only checks that much). */
    private static Bytes penalty(Txid dispute, long amount) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 2, 4);
        b.write(1);
        b.writeBytes(dispute.internalBytes());
        le(b, 0, 4);
        b.write(0);
        le(b, 0xffff_fffdL, 4);
        b.write(1);
        le(b, amount, 8);
        b.write(22);
        b.write(0);
        b.write(20);
        b.writeBytes(new byte[20]);
        le(b, 0, 4);
        return Bytes.of(b.toByteArray());
    }

    private static UserId user(int n, Secp256k1 secp) {
        byte[] k = new byte[32];
        k[31] = 1;
        k[0] = (byte) (n >>> 24);
        k[1] = (byte) (n >>> 16);
        k[2] = (byte) (n >>> 8);
        k[3] = (byte) n;
        return new UserId(new PublicKey(secp.publicKey(new PrivateKey(Bytes.of(k)))));
    }

    private static void le(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String spread(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "median %.2f ms, p10 %.2f, p90 %.2f, min %.2f, max %.2f",
                s[s.length / 2], s[s.length / 10], s[s.length * 9 / 10], s[0], s[s.length - 1]);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
