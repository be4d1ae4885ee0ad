package dev.vigil.vigilapp;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.ConfigResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil}: the tower's command line (picocli). {@code vigil run} against a bitcoind node,
 * {@code vigil devnet} with an embedded regtest chain, {@code vigil keys} to print the tower id.
 * Every option is also a key of {@code vigil.conf} and a {@code VIGIL_*} environment variable.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "A Lightning watchtower compatible with The Eye of Satoshi.",
        subcommands = {TowerMain.Run.class, TowerMain.DevnetCommand.class, TowerMain.Keys.class, TowerMain.ConfigTemplate.class})
public final class TowerMain implements Callable<Integer> {
    /** Exit code for an invalid configuration. */
    static final int BAD_CONFIG = 2;
    /** Exit code when the tower cannot start (port taken, store unusable). */
    static final int CANNOT_START = 3;

    public static void main(String[] args) {
        LogFormat.install();
        System.exit(new CommandLine(new TowerMain()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options shared by every subcommand that reads the configuration. */
    static final class Common {
        @Option(names = "--config", description = "Config file (default: <datadir>/vigil.conf if it exists).")
        Path config;
        @Option(names = "--datadir", description = "Where the store and the key live (default ~/.vigil).")
        String datadir;
        @Option(names = "--api-bind", description = "Address of the HTTP API (default 127.0.0.1).")
        String apiBind;
        @Option(names = "--api-port", description = "Port of the HTTP API (default 9814; 0 = any free port).")
        String apiPort;

        Map<String, String> flags() {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "datadir", datadir);
            put(f, "api-bind", apiBind);
            put(f, "api-port", apiPort);
            return f;
        }
    }

    static void put(Map<String, String> flags, String name, String value) {
        if (value != null) {
            flags.put(name, value);
        }
    }

    /** Loads the configuration or prints every problem and returns empty. */
    static Optional<VigilConfig> load(Path file, Map<String, String> flags) {
        ConfigResult r = new ConfigLoader().load(Optional.ofNullable(file), System.getenv(), flags, Path.of(System.getProperty("user.home")));
        if (r instanceof ConfigResult.Invalid invalid) {
            System.err.println("vigil: invalid configuration:");
            for (ConfigProblem p : invalid.problems()) {
                System.err.println("  " + p);
            }
            return Optional.empty();
        }
        return Optional.of(((ConfigResult.Loaded) r).config());
    }

    /** Runs the tower until SIGTERM/SIGINT, then closes it cleanly. */
    static int serve(VigilConfig config, Runnable onStop) {
        Tower tower;
        try {
            tower = Tower.start(config);
        } catch (IOException | RuntimeException e) {
            System.err.println("vigil: cannot start: " + e.getMessage());
            onStop.run();
            return CANNOT_START;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tower.close();
            onStop.run();
            // java.util.logging may already be shut down by now: say it on stderr.
            System.err.println("vigil: stopped cleanly; the store is closed");
            stopped.countDown();
        }, "vigil-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the tower against a bitcoind node.")
    static final class Run implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--network", description = "mainnet, testnet, signet or regtest.")
        String network;
        @Option(names = "--bitcoind-rpc", description = "host:port of bitcoind's JSON-RPC.")
        String rpc;
        @Option(names = "--bitcoind-cookie", description = "bitcoind's .cookie file.")
        String cookie;
        @Option(names = "--bitcoind-user", description = "RPC user (with --bitcoind-password).")
        String user;
        @Option(names = "--bitcoind-password", description = "RPC password (prefer VIGIL_BITCOIND_PASSWORD).")
        String password;
        @Option(names = "--zmq-rawblock", description = "bitcoind's -zmqpubrawblock endpoint, tcp://HOST:PORT.")
        String rawblock;
        @Option(names = "--zmq-sequence", description = "bitcoind's -zmqpubsequence endpoint, tcp://HOST:PORT.")
        String sequence;

        @Override
        public Integer call() {
            Map<String, String> f = common.flags();
            put(f, "network", network);
            put(f, "bitcoind-rpc", rpc);
            put(f, "bitcoind-cookie", cookie);
            put(f, "bitcoind-user", user);
            put(f, "bitcoind-password", password);
            put(f, "zmq-rawblock", rawblock);
            put(f, "zmq-sequence", sequence);
            return load(common.config, f).map(c -> serve(c, () -> { })).orElse(BAD_CONFIG);
        }
    }

    @Command(name = "devnet", mixinStandardHelpOptions = true,
            description = "Run the tower on an embedded regtest chain (a demo: the chain lives in memory, so each run starts afresh).")
    static final class DevnetCommand implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--mine-every", description = "Mine a block this often, e.g. 10s (default: only on request).")
        Duration mineEvery;

        @Override
        public Integer call() throws IOException {
            Map<String, String> f = common.flags();
            Optional<VigilConfig> base = load(common.config, f);
            if (base.isEmpty()) {
                return BAD_CONFIG;
            }
            Path datadir = base.get().datadir().resolve("devnet-run");
            deleteRecursively(datadir); // the chain is new, so the tower's store (its tip) must be too
            DevnetOptions options = DevnetOptions.defaults(datadir.resolve("regtest-node"));
            if (mineEvery != null) {
                options = options.withMiningInterval(mineEvery);
            }
            Devnet devnet = Devnet.start(options);
            devnet.mine(101);
            f.put("datadir", datadir.resolve("tower").toString());
            f.put("network", "regtest");
            f.put("bitcoind-rpc", "127.0.0.1:" + devnet.rpcPort());
            f.put("bitcoind-cookie", devnet.cookieFile().orElseThrow().toString());
            f.put("zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK));
            f.put("zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE));
            Optional<VigilConfig> config = load(common.config, f);
            if (config.isEmpty()) {
                devnet.close();
                return BAD_CONFIG;
            }
            System.out.println("devnet: regtest JSON-RPC at " + devnet.rpcUrl() + " (cookie " + devnet.cookieFile().orElseThrow()
                    + "), ZMQ " + devnet.zmqEndpoints() + "; mine with the generatetoaddress RPC");
            return serve(config.get(), devnet::close);
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "Print the tower id (creating the key on first use).")
    static final class Keys implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Override
        public Integer call() throws IOException {
            Optional<VigilConfig> config = load(common.config, common.flags());
            if (config.isEmpty()) {
                return BAD_CONFIG;
            }
            System.out.println("tower id: " + Tower.loadOrCreateId(config.get()).toHex());
            return 0;
        }
    }

    @Command(name = "config-template", mixinStandardHelpOptions = true, description = "Print the documented vigil.conf.")
    static final class ConfigTemplate implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.print(ConfigLoader.templateText());
            out.flush();
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
