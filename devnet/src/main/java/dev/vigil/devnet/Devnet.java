package dev.vigil.devnet;

import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.ChainEvent;
import dev.vigil.devnet.chain.Faucet;
import dev.vigil.devnet.chain.Regtest;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.devnet.chain.RegtestNode.MineResult;
import dev.vigil.devnet.rpc.NodeAccess;
import dev.vigil.devnet.rpc.RpcAuth;
import dev.vigil.devnet.rpc.RpcFaults;
import dev.vigil.devnet.rpc.RpcMethods;
import dev.vigil.devnet.rpc.RpcServerVerticle;
import dev.vigil.devnet.zmq.ZmqNotifications;
import dev.vigil.devnet.zmq.ZmqPublisher;
import dev.vigil.devnet.zmq.ZmqTopic;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockId;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxOut;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An embedded regtest node that the tower and the tests reach exactly as they reach bitcoind: JSON-RPC over
 * HTTP on 127.0.0.1 and ZMQ publishers, over a real chain ({@link RegtestNode}).
 *
 * <p>Threading: the chain belongs to one thread ({@code devnet-chain}); RPC requests and the methods of this
 * facade reach it through that thread. The facade's methods block their caller until the chain thread has
 * answered: call them from test or CLI threads, never from a Vert.x event loop (use JSON-RPC there).
 */
public final class Devnet implements AutoCloseable {
    /** A block the devnet mined: its height and the block itself. */
    public record MinedBlock(int height, Block block) {
        public MinedBlock {
            Objects.requireNonNull(block, "block");
        }

        /** The block hash in display (RPC) order. */
        public String hash() {
            return block.blockId.toString();
        }
    }

    /** The outcome of {@link #mineWith}: the block, or why it is invalid. */
    public sealed interface BlockResult {
        record Mined(MinedBlock block) implements BlockResult {
            public Mined {
                Objects.requireNonNull(block, "block");
            }
        }

        record Invalid(String reason) implements BlockResult {
            public Invalid {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** A faucet payment: the funding transaction (in the mempool) and the output it created. */
    public record FaucetPayment(Transaction tx, OutPoint outPoint, TxOut output) {
        public FaucetPayment {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(outPoint, "outPoint");
            Objects.requireNonNull(output, "output");
        }
    }

    private static final long TIMEOUT_SECONDS = 30;

    private final DevnetOptions options;
    private final ScheduledExecutorService chainThread;
    private final RegtestNode node;
    private final Faucet faucet = Faucet.deterministic();
    private final RpcFaults faults = new RpcFaults();
    private final RpcMethods methods;
    private final Vertx vertx;
    private final NodeAccess access;
    private volatile ZmqPublisher zmq;
    private volatile boolean zmqDropping;
    private Map<ZmqTopic, Integer> zmqPorts;
    private int rpcPort;
    private RpcAuth auth;
    private String deploymentId;
    private RpcServerVerticle verticle;
    private ScheduledFuture<?> miningTimer;
    /** The active chain on disk when {@link DevnetOptions#persistentChain}; chain thread only. */
    private ChainFile chainFile;
    private static final System.Logger LOG = System.getLogger(Devnet.class.getName());

    private Devnet(DevnetOptions options) {
        this.options = options;
        this.chainThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devnet-chain");
            t.setDaemon(true);
            return t;
        });
        RegtestNode.Settings settings = new RegtestNode.Settings(options.minRelayFeeSatPerKvB(),
                options.incrementalRelayFeeSatPerKvB(), dev.vigil.devnet.chain.Policy.DEFAULT_DUST_RELAY_FEE,
                options.clockSeconds());
        this.node = onChainThread(() -> new RegtestNode(settings, this::publish));
        this.methods = new RpcMethods(faucet, new RpcMethods.Settings(options.estimateSmartFeeRate()));
        this.vertx = Vertx.vertx();
        this.access = new NodeAccess() {
            @Override
            public <T> CompletionStage<T> call(Function<RegtestNode, T> operation) {
                return CompletableFuture.supplyAsync(() -> operation.apply(node), chainThread);
            }
        };
        this.rpcPort = options.rpcPort();
        this.zmqPorts = new EnumMap<>(options.zmqPorts());
    }

    /** The chain an earlier run kept, connected again on the chain thread before any service starts. */
    private void replayChain() throws IOException {
        Path file = options.dataDir().resolve("regtest").resolve("blocks.dat");
        ChainFile.Opened opened = ChainFile.open(file);
        int kept = 0;
        for (Block block : opened.blocks()) {
            RegtestNode.MineResult r = node.accept(block);
            if (r instanceof RegtestNode.MineResult.Invalid invalid) {
                LOG.log(System.Logger.Level.WARNING, "devnet: block " + (kept + 1) + " of " + file + " is refused ("
                        + invalid.reason() + "); the chain restarts from height " + kept);
                break;
            }
            kept++;
        }
        opened.file().keep(kept);
        chainFile = opened.file();
        if (kept > 0) {
            LOG.log(System.Logger.Level.INFO, "devnet: " + kept + " blocks from " + file + ", tip " + node.tip().hash());
        }
    }

    /** Starts a devnet at genesis: RPC server, ZMQ publishers and (if asked) the mining timer. */
    public static Devnet start(DevnetOptions options) throws IOException {
        Devnet devnet = new Devnet(Objects.requireNonNull(options, "options"));
        try {
            if (options.persistentChain()) {
                devnet.onChainThread(() -> {
                    devnet.replayChain();
                    return null;
                });
            }
            devnet.startServices();
            options.miningInterval().ifPresent(interval -> devnet.miningTimer = devnet.chainThread.scheduleAtFixedRate(
                    () -> devnet.node.mine(1, devnet.faucet.script()), interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS));
            return devnet;
        } catch (IOException | RuntimeException e) {
            devnet.close();
            throw e;
        }
    }

    private void startServices() throws IOException {
        auth = options.rpcUser().isPresent()
                ? RpcAuth.userPassword(options.rpcUser().get(), options.rpcPassword().orElseThrow())
                : RpcAuth.newCookie(options.dataDir().resolve("regtest").resolve(".cookie"));
        try {
            ZmqPublisher publisher = ZmqPublisher.start(zmqPorts, options.zmqHwm());
            publisher.setDropping(zmqDropping);
            for (Map.Entry<ZmqTopic, String> e : publisher.endpoints().entrySet()) {
                String endpoint = e.getValue();
                zmqPorts.put(e.getKey(), Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
            }
            zmq = publisher;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding ZMQ", e);
        }
        startRpc();
    }

    // ------------------------------------------------------------------ endpoints

    /** {@code http://127.0.0.1:<port>/}. */
    public URI rpcUrl() {
        return URI.create("http://127.0.0.1:" + rpcPort + "/");
    }

    public int rpcPort() {
        return rpcPort;
    }

    /** The cookie file ({@code <datadir>/regtest/.cookie}), empty with user/password auth. */
    public Optional<Path> cookieFile() {
        return Optional.ofNullable(auth.cookieFile());
    }

    /** The current RPC user (the cookie user with cookie auth). */
    public String rpcUser() {
        return auth.user();
    }

    /** The current RPC password (the cookie's secret with cookie auth; it changes at every restart). */
    public String rpcPassword() {
        return auth.password();
    }

    /** The endpoint of each published ZMQ topic, {@code tcp://127.0.0.1:<port>}. */
    public Map<ZmqTopic, String> zmqEndpoints() {
        ZmqPublisher current = zmq;
        return current == null ? Map.of() : current.endpoints();
    }

    /** How many subscriptions to {@code topic} (exact prefix) reached the current publishers. */
    public int zmqSubscriptions(String topic) {
        ZmqPublisher current = zmq;
        return current == null ? 0 : current.subscriptions(topic);
    }

    /**
     * Waits until at least {@code atLeast} subscriptions to {@code topic} reached the publishers: the way for a
     * test to close the ZMQ slow-joiner gap instead of sleeping. False on timeout.
     */
    public boolean awaitZmqSubscriptions(String topic, int atLeast, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (zmqSubscriptions(topic) < atLeast) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The devnet wallet that mined coins go to and faucet payments come from. */
    public String faucetAddress() {
        return faucet.address();
    }

    // ------------------------------------------------------------------ chain operations

    /** Mines {@code n} blocks on the tip with every mempool transaction that fits, paying the faucet. */
    public List<MinedBlock> mine(int n) {
        MineResult result = onChainThread(() -> node.mine(n, faucet.script()));
        List<MinedBlock> blocks = new ArrayList<>();
        if (result instanceof MineResult.Mined mined) {
            mined.blocks().forEach(b -> blocks.add(new MinedBlock(b.height(), b.block())));
        }
        return blocks;
    }

    /** Mines one block with exactly these transactions (consensus rules only, as generateblock). */
    public BlockResult mineWith(List<Transaction> txs) {
        MineResult result = onChainThread(() -> node.mineWith(faucet.script(), List.copyOf(txs)));
        if (result instanceof MineResult.Mined mined) {
            var b = mined.blocks().get(0);
            return new BlockResult.Mined(new MinedBlock(b.height(), b.block()));
        }
        return new BlockResult.Invalid(((MineResult.Invalid) result).reason());
    }

    /** {@code invalidateblock}: false if the block is unknown. */
    public boolean invalidate(String displayHash) {
        BlockHash hash = new BlockHash(new BlockId(displayHash));
        return onChainThread(() -> node.invalidate(hash));
    }

    /**
     * Pays {@code amountSat} to {@code scriptPubKey} from the faucet; the payment waits in the mempool. If the
     * faucet has no mature coin yet, 101 blocks are mined first (so its first coinbase matures).
     */
    public FaucetPayment faucet(ByteVector scriptPubKey, long amountSat) {
        return onChainThread(() -> {
            Optional<Transaction> tx = faucet.pay(node, scriptPubKey, amountSat);
            if (tx.isEmpty()) {
                node.mine(Regtest.COINBASE_MATURITY + 1, faucet.script());
                tx = faucet.pay(node, scriptPubKey, amountSat);
            }
            Transaction payment = tx.orElseThrow(() -> new IllegalStateException("faucet cannot pay " + amountSat));
            AcceptResult result = node.submit(payment);
            if (!(result instanceof AcceptResult.Accepted)) {
                throw new IllegalStateException("faucet payment refused: " + result);
            }
            return new FaucetPayment(payment, new OutPoint(payment, 0), payment.txOut.get(0));
        });
    }

    /** Offers a transaction to the mempool (as sendrawtransaction without the fee cap). */
    public AcceptResult submit(Transaction tx) {
        return onChainThread(() -> node.submit(tx));
    }

    /** Runs a read (or a change) on the chain thread and returns its result. Keep it short. */
    public <T> T onChain(Function<RegtestNode, T> operation) {
        return onChainThread(() -> operation.apply(node));
    }

    // ------------------------------------------------------------------ faults

    /** Stops the RPC server: connections are refused until {@link #startRpc()} (same port, same credentials). */
    public void stopRpc() {
        if (deploymentId != null) {
            await(vertx.undeploy(deploymentId));
            deploymentId = null;
            verticle = null;
        }
    }

    /** Starts the RPC server again on the same port. */
    public void startRpc() {
        if (deploymentId != null) {
            return;
        }
        RpcServerVerticle v = new RpcServerVerticle(rpcPort, auth, methods, access, faults);
        deploymentId = await(vertx.deployVerticle(v));
        verticle = v;
        rpcPort = v.actualPort();
    }

    /** While true every RPC request gets HTTP 503 "Work queue depth exceeded". */
    public void setRpcWorkQueueFull(boolean full) {
        faults.setWorkQueueFull(full);
    }

    /** While true ZMQ messages are counted but not sent: subscribers see gaps, as after lost messages. */
    public void setZmqDropping(boolean dropping) {
        this.zmqDropping = dropping;
        ZmqPublisher current = zmq;
        if (current != null) {
            current.setDropping(dropping);
        }
    }

    /**
     * Simulates a bitcoind restart: RPC server and ZMQ publishers stop and start again on the same ports, ZMQ
     * counters restart at 0 and (with cookie auth) a new cookie replaces the old one. The chain and mempool stay.
     */
    public void restart() throws IOException {
        stopRpc();
        ZmqPublisher old = zmq;
        zmq = null;
        if (old != null) {
            old.close();
        }
        startServices();
    }

    /** Stops everything: timer, RPC server, ZMQ, the chain thread; deletes the cookie. */
    @Override
    public void close() {
        if (miningTimer != null) {
            miningTimer.cancel(false);
        }
        try {
            stopRpc();
        } finally {
            await(vertx.close());
            ZmqPublisher old = zmq;
            zmq = null;
            if (old != null) {
                old.close();
            }
            if (!chainThread.isShutdown()) {
                try {
                    onChainThread(() -> {
                        closeChainFile();
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "devnet: closing the chain file: " + e);
                }
            }
            chainThread.shutdown();
            try {
                if (auth != null) {
                    auth.deleteCookie();
                }
            } catch (IOException e) {
                // best effort, as bitcoind's DeleteAuthCookie
            }
        }
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    // ------------------------------------------------------------------ plumbing

    /** Called on the chain thread for every chain event: ZMQ notifications, queued to the publisher thread. */
    private void publish(ChainEvent event) {
        if (chainFile != null) {
            try {
                if (event instanceof ChainEvent.BlockConnected c) {
                    chainFile.connected(c.block());
                } else if (event instanceof ChainEvent.BlockDisconnected) {
                    chainFile.disconnected();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "devnet: the chain file is no longer kept: " + e);
                closeChainFile();
            }
        }
        ZmqPublisher current = zmq;
        if (current != null) {
            current.publishAll(ZmqNotifications.of(event));
        }
    }

    private void closeChainFile() {
        ChainFile f = chainFile;
        chainFile = null;
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "devnet: closing the chain file: " + e);
            }
        }
    }

    private <T> T onChainThread(java.util.concurrent.Callable<T> task) {
        try {
            return chainThread.submit(task).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the chain thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("chain thread did not answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Vert.x operation failed", e);
        }
    }
}
