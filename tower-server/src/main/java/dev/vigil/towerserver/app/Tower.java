package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.chain.ChainFollower;
import dev.vigil.breachdetector.chain.ChainMonitor;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.TipStore;
import dev.vigil.breachdetector.chain.ZmqExpectation;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.breachdetector.rpc.BitcoindChainSource;
import dev.vigil.breachdetector.rpc.BitcoindRpcClient;
import dev.vigil.breachdetector.rpc.JdkHttpRpcTransport;
import dev.vigil.breachdetector.rpc.Sleeper;
import dev.vigil.breachdetector.zmq.ZmqBlockNotifier;
import dev.vigil.breachdetector.zmq.ZmqSubscriberConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.api.TowerApi;
import dev.vigil.towerserver.carrier.BitcoindCarrier;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.TowerStore;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.Watcher;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: builds the tower from its configuration, in DESIGN §6's order (store, chain,
 * responder, HTTP), and takes it down in the reverse order. One instance per process.
 */
public final class Tower implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tower.class.getName());
    /** The follower's RPC retries: two attempts, 100 ms apart (see the chain client below). */
    private static final VigilConfig.Retry CHAIN_RPC_RETRY = new VigilConfig.Retry(2, java.time.Duration.ofMillis(100),
            java.time.Duration.ofMillis(500));

    private final TowerStore store;
    private final TowerThread towerThread;
    private final ExecutorService cpu;
    private final ExecutorService carrierPool;
    private final ChainMonitor monitor;
    private final ZmqBlockNotifier notifier;
    private final Vertx vertx;
    private final TowerApi api;
    private final TowerId towerId;
    private final Watcher watcher;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    private Tower(TowerStore store, TowerThread towerThread, ExecutorService cpu, ExecutorService carrierPool,
            ChainMonitor monitor, ZmqBlockNotifier notifier, Vertx vertx, TowerApi api, TowerId towerId, Watcher watcher) {
        this.store = store;
        this.towerThread = towerThread;
        this.cpu = cpu;
        this.carrierPool = carrierPool;
        this.monitor = monitor;
        this.notifier = notifier;
        this.vertx = vertx;
        this.api = api;
        this.towerId = towerId;
        this.watcher = watcher;
        store.stopped().thenAccept(why -> {
            LOG.log(Level.ERROR, "the store stopped (" + why.getMessage() + "): the tower can no longer record anything and must"
                    + " be restarted, which reopens the store from its last commit and rebuilds its state from it");
            failure.complete(why);
        });
    }

    /** Opens the store in {@code config.datadir()}, connects to bitcoind and serves the API. */
    public static Tower start(VigilConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Files.createDirectories(config.datadir());
        Secp256k1 secp = Secp256k1Backends.best();
        if (!Secp256k1Backends.nativeLoadFailure().isEmpty()) {
            LOG.log(Level.WARNING, "libsecp256k1 did not load (" + Secp256k1Backends.nativeLoadFailure()
                    + "); using the slower pure-Java secp256k1");
        }
        TowerStore store = join(MapDbTowerStore.open(config.datadir().resolve(MapDbTowerStore.FILE_NAME),
                config.store().maxBatch()));
        TowerThread towerThread = null;
        ExecutorService cpu = null;
        ExecutorService carrierPool = null;
        try {
            PrivateKey key = join(store.loadOrCreateTowerKey(() -> PrivateKey.random(new SecureRandom())));
            TowerId towerId = new TowerId(new PublicKey(secp.publicKey(key)));
            List<UserRecord> users = join(store.loadUsers());
            List<Tracker> trackers = join(store.loadTrackers());
            LocatorPrefixIndex index = join(LocatorPrefixIndex.rebuildFrom(store));
            TipStore tips = store;
            long tipHeight = tips.load().map(ChainTip::height).orElse(0);
            LOG.log(Level.INFO, "store open: " + users.size() + " users, " + index.size() + " appointments, " + trackers.size()
                    + " breaches being answered, " + (tipHeight == 0 ? "no chain tip yet" : "tip at height " + tipHeight));

            towerThread = TowerThread.start("vigil-tower");
            cpu = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), named("vigil-cpu", true));
            carrierPool = Executors.newFixedThreadPool(2, named("vigil-carrier", true));

            VigilConfig.Bitcoind b = config.bitcoind();
            JdkHttpRpcTransport transport = new JdkHttpRpcTransport(URI.create("http://" + b.rpc() + "/"), b.timeout());
            // The carrier retries inside a call (a broadcast should get through a node's brief hiccup).
            BitcoindRpcClient rpc = new BitcoindRpcClient(transport, b.auth(), b.retry(), b.timeout(), Sleeper.THREAD_SLEEP);
            // The follower barely retries: the chain monitor already retries whole walks with backoff,
            // and a walk that fails fast is what turns the API to 503 within a second or two of an
            // outage instead of after the default policy's ~8 s of retries.
            BitcoindRpcClient chainRpc = new BitcoindRpcClient(transport, b.auth(), CHAIN_RPC_RETRY, b.timeout(), Sleeper.THREAD_SLEEP);

            LightningMessageSigner signer = new LightningMessageSigner(secp);
            VigilConfig.Subscription s = config.subscription();
            Gatekeeper gatekeeper = new Gatekeeper(new SubscriptionPolicy(s.slots(), s.duration(), s.expiryDelta(), s.slotSize()), users);
            Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(config.responder().irrevocableDepth(),
                    config.responder().rebroadcastAfter())), store, new BitcoindCarrier(rpc, carrierPool), towerThread,
                    new Settlement(gatekeeper, store, towerThread), trackers, tipHeight);
            Watcher watcher = new Watcher(new Watcher.Parts(towerThread, cpu, signer, key, gatekeeper, store, store, store,
                    index, new RecentBlocks(config.watcher().recentBlocks()), responder), tipHeight);

            ChainFollower follower = new ChainFollower(new BitcoindChainSource(chainRpc), tips, watcher);
            // ZMQ that never rings for the blocks the RPC shows is reported, with the bitcoin.conf fix.
            ChainMonitor monitor = new ChainMonitor(follower, config.chain().pollInterval(), watcher::reconciled,
                    java.util.Optional.of(ZmqExpectation.of(config.zmq().rawblock().toString(), config.zmq().sequence().toString())));
            ZmqBlockNotifier notifier = new ZmqBlockNotifier(ZmqSubscriberConfig.forChain(List.of(
                    config.zmq().rawblock().toString(), config.zmq().sequence().toString()).stream().distinct().toList())
                    .withMaxMessageBytes(config.zmq().maxMessageBytes()), monitor);
            notifier.start();
            monitor.start();

            Vertx vertx = Vertx.vertx();
            TowerApi api = new TowerApi(new TowerApi.Settings(config.api().bind(), config.api().port(), config.appointment().maxBlobBytes()),
                    watcher, new TeosJson(secp, config.appointment().maxBlobBytes()));
            try {
                vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                monitor.close();
                notifier.close();
                vertx.close();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IOException("cannot serve the API on " + config.api().bind() + ":" + config.api().port() + ": "
                        + (cause instanceof java.net.BindException ? "the address is in use (choose another with --api-port)" : cause.toString()), cause);
            }
            LOG.log(Level.INFO, "tower id: " + towerId.toHex());
            LOG.log(Level.INFO, "serving the teos API on http://" + config.api().bind() + ":" + api.actualPort()
                    + "; following bitcoind at " + b.rpc() + " (" + config.network().configName() + "), ZMQ "
                    + config.zmq().rawblock() + " and " + config.zmq().sequence());
            return new Tower(store, towerThread, cpu, carrierPool, monitor, notifier, vertx, api, towerId, watcher);
        } catch (IOException | RuntimeException e) {
            if (towerThread != null) {
                towerThread.close();
            }
            shutdown(cpu);
            shutdown(carrierPool);
            store.close();
            throw e;
        }
    }

    /**
     * The id of the tower whose store is in {@code config.datadir()}, creating the tower key on first
     * use, without starting anything (what {@code vigil keys} prints, and what a provider publishes
     * before its first start). The store is closed again before this returns; it fails while a running
     * tower holds the store.
     */
    public static TowerId loadOrCreateId(VigilConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Files.createDirectories(config.datadir());
        try (TowerStore store = join(MapDbTowerStore.open(config.datadir().resolve(MapDbTowerStore.FILE_NAME)))) {
            PrivateKey key = join(store.loadOrCreateTowerKey(() -> PrivateKey.random(new SecureRandom())));
            return new TowerId(new PublicKey(Secp256k1Backends.best().publicKey(key)));
        }
    }

    /** Waits for a start-up step (the tower is not serving yet); a step's own failure is thrown as it is. */
    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static ThreadFactory named(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }

    public TowerId towerId() {
        return towerId;
    }

    /** The port the API listens on (useful when configured as 0). */
    public int apiPort() {
        return api.actualPort();
    }

    /**
     * Completes, with the cause, if the tower stops being able to work on its own (today: its store
     * stopped, docs/storage.md): the embedding application should close it and start it again. Never
     * completes on a normal {@link #close}.
     */
    public CompletionStage<Throwable> failure() {
        return failure.minimalCompletionStage();
    }

    /** Whether bitcoind answered the last walk. */
    public boolean nodeReachable() {
        return watcher.nodeReachable();
    }

    /** The height of the last block the tower processed. */
    public long tipHeight() {
        return watcher.tip();
    }

    /**
     * Stops the chain first (a walk in progress is interrupted, not waited for: bitcoind may be
     * unreachable), then the API, then the tower's threads, and closes the store last, after every
     * write in flight. Anything accepted meanwhile is durable and watched again at the next start.
     */
    @Override
    public void close() {
        // The monitor first: it is the one calling bitcoind, and the ZMQ subscriber may take up to
        // its receive timeout to notice the stop flag; a monitor still retrying walks meanwhile
        // would keep dialling a node that is down (e2e's TowerShutdownIT).
        monitor.close();
        notifier.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the API: " + e);
        }
        towerThread.close();
        shutdown(carrierPool);
        shutdown(cpu);
        store.close();
        LOG.log(Level.INFO, "tower stopped; the store is closed");
    }

    private static void shutdown(ExecutorService e) {
        if (e == null) {
            return;
        }
        e.shutdown();
        try {
            if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ie) {
            e.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
