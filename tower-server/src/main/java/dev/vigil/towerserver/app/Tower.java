package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.chain.ChainFollower;
import dev.vigil.breachdetector.chain.ChainMonitor;
import dev.vigil.breachdetector.chain.ChainSource;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.TipStore;
import dev.vigil.breachdetector.chain.ZmqExpectation;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.breachdetector.rpc.BitcoindChainSource;
import dev.vigil.breachdetector.rpc.BitcoindRpcClient;
import dev.vigil.breachdetector.rpc.JdkHttpRpcTransport;
import dev.vigil.breachdetector.rpc.RpcResult;
import dev.vigil.breachdetector.rpc.Sleeper;
import dev.vigil.breachdetector.zmq.ZmqBlockNotifier;
import dev.vigil.breachdetector.zmq.ZmqSubscriberConfig;
import dev.vigil.config.Network;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.ChannelWatch;
import dev.vigil.towerserver.monitor.EventLog;
import dev.vigil.towerserver.monitor.MonitorService;
import dev.vigil.towerserver.monitor.MonitoredUser;
import dev.vigil.towerserver.admin.AdminApi;
import dev.vigil.towerserver.admin.AdminCommands;
import dev.vigil.towerserver.admin.Readiness;
import dev.vigil.towerserver.api.MonitorApi;
import dev.vigil.towerserver.api.TowerApi;
import dev.vigil.towerserver.carrier.BitcoindCarrier;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.metrics.MetricsEndpoint;
import dev.vigil.towerserver.metrics.StatusPage;
import dev.vigil.towerserver.metrics.TowerMetrics;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.CorruptRecordException;
import dev.vigil.towerserver.store.IncompatibleStoreException;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.StoreLockedException;
import dev.vigil.towerserver.store.TowerStore;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.BatchScope;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.Watcher;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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
    private final AdminApi admin;
    private final TowerId towerId;
    private final Watcher watcher;
    private final CompletableFuture<Throwable> failure;
    private final TowerMetrics metrics;
    private final CompletableFuture<Void> stopRequested;

    private Tower(TowerStore store, TowerThread towerThread, ExecutorService cpu, ExecutorService carrierPool,
            ChainMonitor monitor, ZmqBlockNotifier notifier, Vertx vertx, TowerApi api, AdminApi admin, TowerId towerId,
            Watcher watcher, CompletableFuture<Throwable> failure, TowerMetrics metrics, CompletableFuture<Void> stopRequested) {
        this.store = store;
        this.towerThread = towerThread;
        this.cpu = cpu;
        this.carrierPool = carrierPool;
        this.monitor = monitor;
        this.notifier = notifier;
        this.vertx = vertx;
        this.api = api;
        this.admin = admin;
        this.towerId = towerId;
        this.watcher = watcher;
        this.failure = failure;
        this.metrics = metrics;
        this.stopRequested = stopRequested;
        store.stopped().thenAccept(why -> {
            LOG.log(Level.ERROR, "the store stopped (" + why.getMessage() + "): the tower can no longer record anything and must"
                    + " be restarted, which reopens the store from its last commit and rebuilds its state from it");
            failure.complete(why);
        });
    }

    /**
     * Opens the store in {@code config.datadir()}, connects to bitcoind and serves the API; a refused start
     * ({@link #launch}) is an {@link IOException} with the refusal's message.
     */
    public static Tower start(VigilConfig config) throws IOException {
        Startup<Tower> s = launch(config);
        if (s instanceof Startup.Refused<Tower> refused) {
            throw new IOException(refused.message());
        }
        return ((Startup.Ready<Tower>) s).value();
    }

    /**
     * Starts the tower after the start-up checks (docs/operations.md), in this order: the datadir is a writable
     * directory, the owner's alone, as are the store's files ({@link Datadir}); bitcoind's {@code getblockchaininfo}
     * names the configured network's chain (a node that does not answer yet is not a refusal: the tower starts,
     * says so in a WARN and waits for it, as it would for a node that goes down later); the store is not locked by
     * another tower and is one this build can open; the admin token ({@link AdminToken}) can be read or made; the
     * API and the admin listener can listen. A refusal leaves the store, if it was
     * opened, closed and unchanged. Failures no check foresaw are still thrown.
     */
    public static Startup<Tower> launch(VigilConfig config) {
        Objects.requireNonNull(config, "config");
        Optional<String> unusable = Datadir.prepare(config.datadir());
        if (unusable.isPresent()) {
            return new Startup.Refused<>(Startup.Refusal.DATADIR_UNUSABLE, unusable.get());
        }
        if (!isLoopback(config.api().bind())) {
            LOG.log(Level.WARNING, "api.bind " + config.api().bind() + " is not a loopback address: the API is reachable"
                    + " from other machines; the default, 127.0.0.1, with a reverse proxy or Tor in front, is safer");
        }
        VigilConfig.Bitcoind b = config.bitcoind();
        JdkHttpRpcTransport transport = new JdkHttpRpcTransport(URI.create("http://" + b.rpc() + "/"), b.timeout());
        // The carrier retries inside a call (a broadcast should get through a node's brief hiccup).
        BitcoindRpcClient rpc = new BitcoindRpcClient(transport, b.auth(), b.retry(), b.timeout(), Sleeper.THREAD_SLEEP);
        // The follower barely retries: the chain monitor already retries whole walks with backoff,
        // and a walk that fails fast is what turns the API to 503 within a second or two of an
        // outage instead of after the default policy's ~8 s of retries.
        BitcoindRpcClient chainRpc = new BitcoindRpcClient(transport, b.auth(), CHAIN_RPC_RETRY, b.timeout(), Sleeper.THREAD_SLEEP);
        ChainCheckedSource.Verdict chain = checkChain(chainRpc, config);
        if (chain instanceof ChainCheckedSource.Verdict.Wrong wrong) {
            return new Startup.Refused<>(Startup.Refusal.WRONG_CHAIN, wrong.message());
        }
        if (chain instanceof ChainCheckedSource.Verdict.Unanswered u) {
            LOG.log(Level.WARNING, "cannot ask bitcoind at " + b.rpc() + " which chain it follows (" + u.detail()
                    + "); starting anyway: the tower follows nothing until bitcoind answers and names the chain of network = "
                    + config.network().configName());
        }
        Startup<TowerStore> opened = openStore(config, config.store().maxBatch());
        if (opened instanceof Startup.Refused<TowerStore> refused) {
            return refused.as();
        }
        TowerStore store = ((Startup.Ready<TowerStore>) opened).value();
        String adminToken;
        try {
            adminToken = AdminToken.loadOrCreate(config.datadir());
        } catch (IOException e) {
            store.close();
            return new Startup.Refused<>(Startup.Refusal.DATADIR_UNUSABLE, "cannot use the admin token in " + config.datadir()
                    + ": " + Datadir.reason(e));
        }
        Secp256k1 secp = Secp256k1Backends.best();
        if (!Secp256k1Backends.nativeLoadFailure().isEmpty()) {
            LOG.log(Level.WARNING, "libsecp256k1 did not load (" + Secp256k1Backends.nativeLoadFailure()
                    + "); using the slower pure-Java secp256k1");
        }
        TowerThread towerThread = null;
        ExecutorService cpu = null;
        ExecutorService carrierPool = null;
        TowerMetrics metrics = null;
        boolean ready = false;
        try {
            PrivateKey key = join(store.loadOrCreateTowerKey(() -> PrivateKey.random(new SecureRandom())));
            TowerId towerId = new TowerId(new PublicKey(secp.publicKey(key)));
            List<UserRecord> users = join(store.loadUsers());
            List<Tracker> trackers = join(store.loadTrackers());
            LocatorPrefixIndex index = join(LocatorPrefixIndex.rebuildFrom(store));
            TipStore tips = store;
            Optional<ChainTip> storedTip = tips.load();
            long tipHeight = storedTip.map(ChainTip::height).orElse(0);
            BlockHash tipHash = new BlockHash(storedTip.map(t -> t.hash().internalOrder()).orElse(Bytes.of(new byte[BlockHash.LENGTH])));
            List<MonitoredUser> monitored = join(store.loadMonitoredUsers());
            LOG.log(Level.INFO, "store open: " + users.size() + " users, " + index.size() + " appointments, " + trackers.size()
                    + " breaches being answered, " + monitored.size() + " users monitoring their channels, " + (tipHeight == 0 ? "no chain tip yet" : "tip at height " + tipHeight));

            towerThread = TowerThread.start("vigil-tower");
            cpu = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), named("vigil-cpu", true));
            carrierPool = Executors.newFixedThreadPool(2, named("vigil-carrier", true));
            metrics = new TowerMetrics();
            store.timeCommits(metrics.commits());

            LightningMessageSigner signer = new LightningMessageSigner(secp);
            VigilConfig.Subscription s = config.subscription();
            Gatekeeper gatekeeper = new Gatekeeper(new SubscriptionPolicy(s.slots(), s.duration(), s.expiryDelta(), s.slotSize()), users);
            BatchScope batch = new BatchScope(store, towerThread, gatekeeper);
            VigilConfig.MonitorSettings m = config.monitor();
            int irrevocable = config.responder().irrevocableDepth();
            EventLog events = new EventLog(towerId, towerThread, batch,
                    new EventBounds(m.events().maxPerUser(), m.events().maxBytesPerUser(), m.events().maxAgeBlocks()),
                    System::currentTimeMillis, monitored, tipHeight, tipHash);
            Optional<ChannelWatch> channelWatch = Optional.empty();
            if (m.enabled()) {
                ChannelWatch.Census census = join(ChannelWatch.load(store));
                Set<WatchKind> kinds = m.watches().kinds().stream().map(k -> WatchKind.valueOf(k.name()))
                        .collect(Collectors.toUnmodifiableSet());
                channelWatch = Optional.of(new ChannelWatch(towerId, towerThread, new ChannelWatch.Settings(m.watches().maxPerUser(), kinds,
                        m.irrevocableDepth()), gatekeeper, store, batch, batch, events, census));
            }
            // Depths the responder never reaches (it forgets a penalty at its own irrevocable depth) are not reported.
            ResponderPolicy policy = new ResponderPolicy(irrevocable, config.responder().rebroadcastAfter(),
                    m.justice().reportedDepths().stream().filter(d -> d > 1 && d < irrevocable).toList(), m.deadline().warnBlocks());
            Responder responder = new Responder(new TrackerMachine(policy), batch, batch, new BitcoindCarrier(rpc, carrierPool), towerThread,
                    new Settlement(gatekeeper, batch, batch, towerThread), trackers, tipHeight, metrics.trackers(), events);
            Watcher watcher = new Watcher(new Watcher.Parts(towerThread, cpu, signer, key, gatekeeper, store, store, store,
                    index, new RecentBlocks(config.watcher().recentBlocks()), responder, batch), tipHeight, metrics.blocks(), events, channelWatch);

            ChainSource source = new BitcoindChainSource(chainRpc);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            if (chain instanceof ChainCheckedSource.Verdict.Unanswered) {
                source = new ChainCheckedSource(source, () -> checkChain(chainRpc, config),
                        message -> failure.complete(new WrongChainException(message)));
            }
            ChainFollower follower = new ChainFollower(source, tips, watcher);
            // ZMQ that never rings for the blocks the RPC shows is reported, with the bitcoin.conf fix.
            ChainMonitor monitor = new ChainMonitor(follower, config.chain().pollInterval(), watcher::reconciled,
                    Optional.of(ZmqExpectation.of(config.zmq().rawblock().toString(), config.zmq().sequence().toString())));
            ZmqBlockNotifier notifier = new ZmqBlockNotifier(ZmqSubscriberConfig.forChain(List.of(
                    config.zmq().rawblock().toString(), config.zmq().sequence().toString()).stream().distinct().toList())
                    .withMaxMessageBytes(config.zmq().maxMessageBytes()), monitor);
            metrics.bind(new TowerMetrics.Readings(watcher::tip, watcher::nodeBest, watcher::nodeReachable, monitor::zmqDelivering),
                    towerThread, watcher::census);
            notifier.start();
            monitor.start();

            Vertx vertx = Vertx.vertx();
            Optional<MonitorApi> monitorApi = Optional.empty();
            if (m.enabled()) {
                MonitorService monitoring = new MonitorService(new MonitorService.Parts(towerId, towerThread, cpu, signer, key, gatekeeper,
                        events, batch, store, watcher::tip, channelWatch.orElseThrow(), store, watcher::nodeReachable), new MonitorService.Settings(m.users().deny(), m.watches().maxPerUser(),
                        m.events().maxPerUser(), m.streams().heartbeat().toSeconds(), m.webhooks().enabled()));
                monitorApi = Optional.of(new MonitorApi(monitoring));
            }
            TowerApi api = new TowerApi(new TowerApi.Settings(config.api().bind(), config.api().port(), config.appointment().maxBlobBytes()),
                    watcher, new TeosJson(secp, config.appointment().maxBlobBytes()), metrics.requests(), monitorApi);
            try {
                vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return refuseListener(e, "the API", config.api().bind(), config.api().port(), "api", monitor, notifier, vertx,
                        towerThread, cpu, carrierPool, store);
            }
            // The operator's listener reads what other threads publish; store open means no failure
            // was reported (the store did not stop, the node is on the configured chain).
            CompletableFuture<Void> stopRequested = new CompletableFuture<>();
            AdminCommands commands = new AdminCommands(adminToken, new TowerAdminQueries(new TowerAdminQueries.Parts(towerId,
                    config.network(), towerThread, watcher, gatekeeper, index, responder, store)), () -> stopRequested.complete(null));
            AdminApi admin = new AdminApi(new AdminApi.Settings(config.admin().bind(), config.admin().port()),
                    () -> new Readiness(!failure.isDone(), watcher.nodeReachable(), Math.max(0, watcher.tip()),
                            Math.max(0, watcher.nodeBest())),
                    List.of(new MetricsEndpoint(metrics)::mount, new StatusPage(metrics)::mount, commands::mount));
            try {
                vertx.deployVerticle(admin).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                return refuseListener(e, "the admin listener", config.admin().bind(), config.admin().port(), "admin", monitor,
                        notifier, vertx, towerThread, cpu, carrierPool, store);
            }
            LOG.log(Level.INFO, "tower id: " + towerId.toHex());
            LOG.log(Level.INFO, "serving the teos API on http://" + config.api().bind() + ":" + api.actualPort()
                    + "; following bitcoind at " + b.rpc() + " (" + config.network().configName() + "; its chain is checked at"
                    + " start), ZMQ "
                    + config.zmq().rawblock() + " and " + config.zmq().sequence()
                    + "; /health, /ready, /metrics and the status page on http://" + config.admin().bind() + ":" + admin.actualPort());
            metrics.start();
            ready = true;
            return new Startup.Ready<>(new Tower(store, towerThread, cpu, carrierPool, monitor, notifier, vertx, api, admin, towerId,
                    watcher, failure, metrics, stopRequested));
        } catch (RuntimeException e) {
            closeAll(towerThread, cpu, carrierPool, store);
            throw e;
        } finally {
            if (metrics != null && !ready) { // a refused or failed start: the GC listeners go with it
                metrics.close();
            }
        }
    }

    /** Undoes a start that got as far as the store (and maybe the threads): what is null was not started. */
    private static void closeAll(TowerThread towerThread, ExecutorService cpu, ExecutorService carrierPool, TowerStore store) {
        if (towerThread != null) {
            towerThread.close();
        }
        shutdown(cpu);
        shutdown(carrierPool);
        store.close();
    }

    /**
     * The id of the tower whose store is in {@code config.datadir()}, creating the tower key on first
     * use, without starting anything (what {@code vigil keys} prints, and what a provider publishes
     * before its first start). The store is closed again before this returns; it fails while a running
     * tower holds the store.
     */
    public static TowerId loadOrCreateId(VigilConfig config) throws IOException {
        Startup<TowerId> s = identify(config);
        if (s instanceof Startup.Refused<TowerId> refused) {
            throw new IOException(refused.message());
        }
        return ((Startup.Ready<TowerId>) s).value();
    }

    /** {@link #loadOrCreateId}, with the datadir and store checks of {@link #launch} as refusals. */
    public static Startup<TowerId> identify(VigilConfig config) {
        Objects.requireNonNull(config, "config");
        Optional<String> unusable = Datadir.prepare(config.datadir());
        if (unusable.isPresent()) {
            return new Startup.Refused<>(Startup.Refusal.DATADIR_UNUSABLE, unusable.get());
        }
        Startup<TowerStore> opened = openStore(config, TowerStore.DEFAULT_MAX_BATCH);
        if (opened instanceof Startup.Refused<TowerStore> refused) {
            return refused.as();
        }
        try (TowerStore store = ((Startup.Ready<TowerStore>) opened).value()) {
            PrivateKey key = join(store.loadOrCreateTowerKey(() -> PrivateKey.random(new SecureRandom())));
            return new Startup.Ready<>(new TowerId(new PublicKey(Secp256k1Backends.best().publicKey(key))));
        }
    }

    /** Opens the store; another tower's lock and a file this build cannot open are refusals. */
    private static Startup<TowerStore> openStore(VigilConfig config, int maxBatch) {
        Path file = config.datadir().resolve(MapDbTowerStore.FILE_NAME);
        try {
            return new Startup.Ready<>(join(MapDbTowerStore.open(file, maxBatch)));
        } catch (StoreLockedException e) {
            return new Startup.Refused<>(Startup.Refusal.STORE_LOCKED, "the store " + file + " is locked by another tower"
                    + " running on datadir " + config.datadir() + ": stop that tower first, or give this one its own --datadir");
        } catch (IncompatibleStoreException | CorruptRecordException e) {
            return new Startup.Refused<>(Startup.Refusal.STORE_UNUSABLE, "cannot open the store: " + oneLine(e));
        } catch (RuntimeException e) {
            return new Startup.Refused<>(Startup.Refusal.STORE_UNUSABLE, "cannot open the store " + file + ": " + oneLine(
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e));
        }
    }

    /** What bitcoind's {@code getblockchaininfo} says of its chain, against {@code config.network()}. */
    private static ChainCheckedSource.Verdict checkChain(BitcoindRpcClient rpc, VigilConfig config) {
        Network network = config.network();
        RpcResult<String> answer = rpc.getBlockchainChain();
        if (answer instanceof RpcResult.Ok<String> ok) {
            String chain = ok.value();
            if (chain.equals(network.bitcoindChain())) {
                return new ChainCheckedSource.Verdict.Matches();
            }
            String fix = Network.fromBitcoindChain(chain).map(n -> "set --network " + n.configName() + " (network = "
                    + n.configName() + " in vigil.conf)").orElse("set --network to the node's chain");
            return new ChainCheckedSource.Verdict.Wrong("bitcoind at " + config.bitcoind().rpc() + " follows chain \"" + chain
                    + "\" but network is " + network.configName() + " (chain \"" + network.bitcoindChain() + "\"): " + fix
                    + ", or point --bitcoind-rpc at a " + network.configName() + " node");
        }
        return new ChainCheckedSource.Verdict.Unanswered(answer instanceof RpcResult.Failed<String> f
                ? "error " + f.error().code() + " " + f.error().message() : ((RpcResult.Unavailable<String>) answer).detail());
    }

    private static boolean isLoopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Closes what was started and refuses the start: a listener could not bind. */
    private static Startup<Tower> refuseListener(Exception e, String what, String bind, int port, String flag,
            ChainMonitor monitor, ZmqBlockNotifier notifier, Vertx vertx, TowerThread towerThread, ExecutorService cpu,
            ExecutorService carrierPool, TowerStore store) {
        monitor.close();
        notifier.close();
        vertx.close();
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        closeAll(towerThread, cpu, carrierPool, store);
        boolean inUse = cause instanceof java.net.BindException && String.valueOf(cause.getMessage()).contains("in use");
        return new Startup.Refused<>(Startup.Refusal.API_UNAVAILABLE, "cannot serve " + what + " on " + bind + ":" + port + ": "
                + (inUse ? "the address is in use (choose another with --" + flag + "-port)" : oneLine(cause) + " (check --" + flag + "-bind)"));
    }

    /** A failure's message on one line, never {@code null}. */
    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
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

    /** The port the admin listener ({@code /health}, {@code /ready}) listens on. */
    public int adminPort() {
        return admin.actualPort();
    }

    /** The port the API listens on (useful when configured as 0). */
    public int apiPort() {
        return api.actualPort();
    }

    /**
     * Completes, with the cause, if the tower stops being able to work on its own: its store stopped
     * (docs/storage.md; the embedding application should close it and start it again), or bitcoind,
     * unreachable at start, answered at last on another chain than {@code network} ({@link WrongChainException}:
     * close it and fix the configuration; it followed none of that chain). Never completes on a normal
     * {@link #close}.
     */
    public CompletionStage<Throwable> failure() {
        return failure.minimalCompletionStage();
    }

    /**
     * Completes when an operator asked the tower to stop ({@code POST /admin/stop}, docs/admin.md), after the
     * answer was sent: the embedding application closes the tower, as on SIGTERM. Never completes otherwise.
     */
    public CompletionStage<Void> stopRequested() {
        return stopRequested.minimalCompletionStage();
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
        metrics.close();
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
