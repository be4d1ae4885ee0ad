package dev.vigil.vigilapp;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.ConfigResult;
import dev.vigil.config.Durations;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.config.VigilConfig;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerserver.app.Startup;
import dev.vigil.towerserver.app.Tower;
import dev.vigil.towerserver.app.WrongChainException;
import dev.vigil.vigilapp.demo.BreachDemo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil}: the tower's command line (picocli). {@code vigil run} against a bitcoind node,
 * {@code vigil devnet} with an embedded regtest chain ({@code --demo}: a breach caught first, docs/demo.md),
 * {@code vigil keys} to print the tower id, {@code vigil admin} to ask a running tower (docs/admin.md).
 * Every option is also a key of {@code vigil.conf} and a {@code VIGIL_*} environment variable; {@code vigil run}
 * has a flag for every key, generated from the template's key list, and the other commands' help says where the
 * keys they have no flag for are set.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Lightning watchtower compatible with The Eye of Satoshi.",
        subcommands = {TowerMain.Run.class, TowerMain.DevnetCommand.class, TowerMain.Keys.class, TowerMain.ConfigTemplate.class,
                AdminCli.class})
public final class TowerMain implements Callable<Integer> {
    // The exit codes, documented in docs/operations.md ("Starting the tower: checks and exit codes").
    /** Exit code for an invalid configuration or command line (a required key unset, a value out of range). */
    static final int BAD_CONFIG = 2;
    /** Exit code when the tower cannot start for another reason (API port taken, store unusable, unforeseen failure). */
    static final int CANNOT_START = 3;
    /**
     * Exit code when the running tower's store stopped: a supervisor (systemd's {@code Restart=}) starts
     * it again, which reopens the store from its last commit.
     */
    static final int STORE_STOPPED = 4;
    /** Exit code when bitcoind follows another chain than {@code network}. */
    static final int WRONG_CHAIN = 5;
    /** Exit code when the datadir cannot be used: read-only, not a directory, cannot be created. */
    static final int DATADIR_UNUSABLE = 6;
    /** Exit code when another tower holds the store (a second tower on the same datadir). */
    static final int STORE_LOCKED = 7;
    /** {@code vigil admin}: the tower answered with an error (docs/admin.md). */
    static final int ADMIN_ERROR = 8;
    /** {@code vigil admin}: no tower answers at the admin address. */
    static final int NO_TOWER = 9;
    /** Internal: {@code serve}'s wait ended by an operator's {@code vigil admin stop}. */
    private static final int STOP_REQUESTED = -1;
    /** The keys {@code vigil run} needs the operator to set: a tower must not guess its chain. */
    static final Set<String> REQUIRED_FOR_RUN = Set.of("network");

    public static void main(String[] args) {
        LogFormat.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line, with a failure no check foresaw reported on one line (exit {@link #CANNOT_START}), not as a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new TowerMain()).setExecutionExceptionHandler((e, cl, parsed) -> {
            System.err.println("vigil: cannot start: " + oneLine(e));
            return CANNOT_START;
        });
    }

    /** A failure's message on one line, never {@code null}. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    /** The exit code for a refused start. */
    static int exitCode(Startup.Refusal refusal) {
        return switch (refusal) {
            case WRONG_CHAIN -> WRONG_CHAIN;
            case DATADIR_UNUSABLE -> DATADIR_UNUSABLE;
            case STORE_LOCKED -> STORE_LOCKED;
            case STORE_UNUSABLE, API_UNAVAILABLE -> CANNOT_START;
        };
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
        @Option(names = "--admin-port", description = "Port of the admin listener (the status page, /metrics, /health, /ready, vigil admin) on 127.0.0.1 (default 9815; 0 = any free port).")
        String adminPort;

        Map<String, String> flags() {
            Map<String, String> f = new LinkedHashMap<>();
            put(f, "datadir", datadir);
            put(f, "api-bind", apiBind);
            put(f, "api-port", apiPort);
            put(f, "admin-port", adminPort);
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
        return load(file, flags, Set.of());
    }

    /** {@link #load(Path, Map)}, where each of {@code required} must be set by the operator. */
    static Optional<VigilConfig> load(Path file, Map<String, String> flags, Set<String> required) {
        Optional<VigilConfig> read = read(file, flags, required);
        if (read.isEmpty()) {
            return read;
        }
        VigilConfig config = read.get();
        try {
            LogFormat.apply(config.log());
        } catch (IOException e) {
            System.err.println("vigil: invalid configuration:\n  log.file: cannot write " + config.log().file().orElseThrow() + ": " + e);
            return Optional.empty();
        }
        return Optional.of(config);
    }

    /**
     * The configuration, or every problem printed and empty; unlike {@link #load}, the {@code log.*} keys are not
     * applied (a client such as {@code vigil admin} must not write the tower's log file).
     */
    static Optional<VigilConfig> read(Path file, Map<String, String> flags, Set<String> required) {
        ConfigResult r = new ConfigLoader().load(Optional.ofNullable(file), System.getenv(), flags,
                Path.of(System.getProperty("user.home")), required);
        if (r instanceof ConfigResult.Invalid invalid) {
            System.err.println("vigil: invalid configuration:");
            for (ConfigProblem p : invalid.problems()) {
                System.err.println("  " + p);
            }
            return Optional.empty();
        }
        return Optional.of(((ConfigResult.Loaded) r).config());
    }

    /** Runs the tower until SIGTERM/SIGINT or {@code vigil admin stop}, then closes it cleanly. */
    static int serve(VigilConfig config, Runnable onStop) {
        return serve(config, onStop, tower -> OptionalInt.empty());
    }

    /**
     * {@link #serve(VigilConfig, Runnable)}, running {@code whenServing} on this thread once the tower serves (a
     * signal meanwhile still stops everything cleanly). An exit code from it closes the tower and returns it at
     * once; empty goes on serving until a signal.
     */
    static int serve(VigilConfig config, Runnable onStop, Function<Tower, OptionalInt> whenServing) {
        Tower tower;
        try {
            Startup<Tower> started = Tower.launch(config);
            if (started instanceof Startup.Refused<Tower> refused) {
                System.err.println("vigil: " + refused.message());
                onStop.run();
                return exitCode(refused.refusal());
            }
            tower = ((Startup.Ready<Tower>) started).value();
        } catch (RuntimeException e) {
            System.err.println("vigil: cannot start: " + oneLine(e));
            onStop.run();
            return CANNOT_START;
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        tower.failure().thenAccept(why -> {
            if (why instanceof WrongChainException) {
                System.err.println("vigil: " + why.getMessage());
                exit.complete(WRONG_CHAIN);
                return;
            }
            System.err.println("vigil: " + why.getMessage() + "; exiting with code " + STORE_STOPPED + " so that a restart"
                    + " reopens the store from its last commit");
            exit.complete(STORE_STOPPED);
        });
        tower.stopRequested().thenRun(() -> exit.complete(STOP_REQUESTED));
        // Closed once, by SIGTERM's hook, by a requested stop or at the end of an early exit; the others wait for it.
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Runnable close = () -> {
            if (closing.compareAndSet(false, true)) {
                try {
                    tower.close();
                    onStop.run();
                } finally {
                    closed.complete(null);
                }
            } else {
                closed.join();
            }
        };
        Thread hook = new Thread(() -> {
            close.run();
            // java.util.logging may already be shut down by now: say it on stderr.
            System.err.println("vigil: stopped cleanly; the store is closed");
            exit.complete(0);
        }, "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        OptionalInt early;
        try {
            early = whenServing.apply(tower);
        } catch (RuntimeException e) {
            System.err.println("vigil: " + oneLine(e));
            early = OptionalInt.of(CANNOT_START);
        }
        if (early.isPresent() && !exit.isDone()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException signalled) {
                return awaitExit(exit, close, hook); // a signal came first: its hook closes everything
            }
            close.run();
            return early.getAsInt();
        }
        return awaitExit(exit, close, hook);
    }

    /** Waits for the end: a signal (its hook closed the tower), a store that stopped, or {@code vigil admin stop}. */
    private static int awaitExit(CompletableFuture<Integer> exit, Runnable close, Thread hook) {
        try {
            int code = exit.get();
            if (code != STOP_REQUESTED) {
                return code;
            }
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM arrived meanwhile: its hook waits for the close above and says so.
            }
            System.err.println("vigil: stopped on request (vigil admin stop); the store is closed");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Where the keys without a flag of their own are set, for the help of the commands that read the configuration. */
    static final String OTHER_KEYS_FOOTER = "%nEvery other key of vigil.conf is set in the file (--config, or <datadir>/vigil.conf)"
            + " or as a VIGIL_* environment variable: the key in capitals, dots and dashes as underscores"
            + " (VIGIL_SUBSCRIPTION_SLOTS=20000). Precedence: flags > environment > file > defaults."
            + " `vigil config-template` prints every key with its default; `vigil run --help` lists each as a flag.";

    @Command(name = "run", mixinStandardHelpOptions = true, modelTransformer = Run.EveryKey.class,
            description = "Run the tower against a bitcoind node.",
            footer = "%nEvery option is a key of vigil.conf (--api-port is api.port) and a VIGIL_* environment variable"
                    + " (VIGIL_API_PORT). Precedence: flags > environment > file > defaults."
                    + " `vigil config-template` prints the documented file.")
    static final class Run implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Spec
        CommandSpec spec;

        /**
         * Declares a flag for every configuration key that {@link Common} does not already declare, described by
         * the template's comment: a key added to {@code vigil.conf} is a flag of {@code vigil run} at once.
         */
        static final class EveryKey implements CommandLine.IModelTransformer {
            @Override
            public CommandSpec transform(CommandSpec run) {
                ConfigLoader loader = new ConfigLoader();
                for (String key : loader.keys()) {
                    String flag = "--" + ConfigLoader.flagName(key);
                    if (run.findOption(flag) == null) {
                        run.addOption(OptionSpec.builder(flag).paramLabel("VALUE").type(String.class)
                                .description(loader.documentation(key), "(" + key + ", " + ConfigLoader.envName(key)
                                        + "; default " + loader.defaultText(key) + ")")
                                .build());
                    }
                }
                return run;
            }
        }

        /** The configuration flags given on the command line, by flag name without dashes ({@code api-port}). */
        static Map<String, String> flags(CommandSpec spec) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String key : new ConfigLoader().keys()) {
                String name = ConfigLoader.flagName(key);
                OptionSpec option = spec.findOption("--" + name);
                if (option != null && option.getValue() != null) {
                    f.put(name, option.getValue().toString());
                }
            }
            return f;
        }

        @Override
        public Integer call() {
            return load(common.config, flags(spec), REQUIRED_FOR_RUN).map(c -> serve(c, () -> { })).orElse(BAD_CONFIG);
        }
    }

    @Command(name = "devnet", mixinStandardHelpOptions = true, footer = OTHER_KEYS_FOOTER,
            description = "Run the tower on an embedded regtest chain. The chain and the tower's store are kept in"
                    + " <datadir>/devnet-run, so a restarted devnet goes on where it stopped; --fresh starts over.")
    static final class DevnetCommand implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--mine-every", converter = DurationConverter.class,
                description = "Mine a block this often, e.g. 10s, 5m or PT10S (default: only on request).")
        Duration mineEvery;
        @Option(names = "--rpc-port", description = "Port of the chain's JSON-RPC on 127.0.0.1 (default: any free port).")
        Integer rpcPort;
        @Option(names = "--zmq-port", description = "Port of the chain's ZMQ publisher, rawblock and sequence (default: any free port).")
        Integer zmqPort;
        @Option(names = "--fresh", description = "Forget the kept chain and the tower's store, and start from genesis.")
        boolean fresh;
        @Option(names = "--demo", description = "Show a breach caught, on a chain and a store of its own (<datadir>/demo-run,"
                + " new each time): a demo wallet protected through the client SDK, a channel, payments, the counterparty"
                + " broadcasting a revoked state, the tower's justice swept back to the wallet; then the tower keeps running."
                + " docs/demo.md explains each line.")
        boolean demo;

        @Override
        public Integer call() throws IOException {
            Map<String, String> f = common.flags();
            Optional<VigilConfig> base = load(common.config, f);
            if (base.isEmpty()) {
                return BAD_CONFIG;
            }
            if (demo && mineEvery != null) {
                System.err.println("vigil: --demo mines its own blocks; --mine-every cannot be used with it");
                return BAD_CONFIG;
            }
            // The demo's chain and store are its own and new at every run, so its timeline is the same each time.
            Path datadir = base.get().datadir().resolve(demo ? "demo-run" : "devnet-run");
            DevnetOptions options = DevnetOptions.defaults(datadir.resolve("regtest-node"));
            if (!demo) {
                options = options.withPersistentChain();
            }
            if (mineEvery != null) {
                options = options.withMiningInterval(mineEvery);
            }
            for (Integer port : java.util.Arrays.asList(rpcPort, zmqPort)) {
                if (port != null && (port < 0 || port > 65_535)) {
                    System.err.println("vigil: a port is 0 to 65535, not " + port);
                    return BAD_CONFIG;
                }
            }
            if (rpcPort != null) {
                options = options.withRpcPort(rpcPort);
            }
            if (zmqPort != null) {
                Map<ZmqTopic, Integer> zmq = new java.util.EnumMap<>(ZmqTopic.class);
                for (ZmqTopic t : ZmqTopic.values()) {
                    zmq.put(t, zmqPort);
                }
                options = options.withZmqPorts(zmq);
            }
            Devnet devnet;
            try {
                if (fresh || demo) {
                    deleteRecursively(datadir); // a new chain: the tower's store (its tip) must be new too
                }
                devnet = Devnet.start(options);
            } catch (IOException e) {
                System.err.println("vigil: cannot prepare the devnet in " + datadir + ": " + oneLine(e)
                        + " (check --datadir)");
                return DATADIR_UNUSABLE;
            }
            int kept = devnet.onChain(n -> n.height());
            if (kept < 101) {
                devnet.mine(101 - kept); // the faucet's first coinbase matures
            }
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
                    + "), ZMQ " + devnet.zmqEndpoints() + ", height " + devnet.<Integer>onChain(n -> n.height())
                    + (kept > 0 ? " (the chain kept from the last run)" : "") + "; mine with the generatetoaddress RPC");
            if (!demo) {
                return serve(config.get(), devnet::close);
            }
            return serve(config.get(), devnet::close, tower -> runDemo(tower, devnet, datadir));
        }

        /** The demo against the serving tower; then where everything is, and the tower goes on serving. */
        private OptionalInt runDemo(Tower tower, Devnet devnet, Path datadir) {
            BreachDemo.Result result;
            try {
                awaitFollowing(tower, devnet);
                System.out.println("demo: a breach caught, step by step (docs/demo.md explains each line)");
                result = BreachDemo.run(devnet, new TowerEndpoint(URI.create("http://127.0.0.1:" + tower.apiPort()), tower.towerId()),
                        datadir.resolve("wallet"), System.out);
            } catch (BreachDemo.DemoFailed | IOException e) {
                System.err.println("vigil: the demo failed: " + oneLine(e));
                return OptionalInt.of(CANNOT_START);
            }
            printWhereEverythingIs(tower, devnet, datadir.resolve("tower"));
            Consumer<BreachDemo.Result> hook = afterDemo;
            if (hook != null) {
                hook.accept(result);
                return OptionalInt.of(0);
            }
            return OptionalInt.empty();
        }

        /**
         * Waits (bounded) until the tower follows the devnet's tip over RPC and listens to its ZMQ blocks, so that the
         * breach's block reaches it the moment it is mined.
         */
        private static void awaitFollowing(Tower tower, Devnet devnet) {
            long deadline = System.nanoTime() + DEMO_START_WAIT.toNanos();
            int height = devnet.onChain(n -> n.height());
            while (!(tower.nodeReachable() && tower.tipHeight() >= height && devnet.zmqSubscriptions("rawblock") > 0)) {
                if (System.nanoTime() > deadline) {
                    throw new BreachDemo.DemoFailed("the tower did not follow the devnet within " + DEMO_START_WAIT.toSeconds() + " s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
        }

        private static void printWhereEverythingIs(Tower tower, Devnet devnet, Path towerDatadir) {
            String cookie = devnet.cookieFile().orElseThrow().toString();
            String rpc = "http://127.0.0.1:" + devnet.rpcPort() + "/";
            System.out.println();
            System.out.println("The tower keeps running on the devnet; Ctrl-C stops both.");
            System.out.println("  tower API  http://127.0.0.1:" + tower.apiPort() + " (teos), tower id " + tower.towerId().toHex());
            System.out.println("  status     http://127.0.0.1:" + tower.adminPort() + "/ (the status page; Prometheus metrics at /metrics,"
                    + " /health and /ready beside them)");
            System.out.println("  admin      vigil admin --datadir " + towerDatadir + " --admin-port " + tower.adminPort()
                    + " gettowerinfo (getusers, gettrackers, backup, stop: docs/admin.md)");
            System.out.println("  devnet     JSON-RPC " + rpc + " (cookie " + cookie + ")");
            System.out.println("Try:");
            System.out.println("  curl -s http://127.0.0.1:" + tower.adminPort() + "/ready");
            System.out.println("  COOKIE=\"$(cat " + cookie + ")\"");
            System.out.println("  curl -s --user \"$COOKIE\" --data-binary '{\"jsonrpc\":\"1.0\",\"id\":\"1\",\"method\":\"generatetoaddress\","
                    + "\"params\":[1,\"" + devnet.faucetAddress() + "\"]}' " + rpc);
            System.out.println("  curl -s --user \"$COOKIE\" --data-binary '{\"jsonrpc\":\"1.0\",\"id\":\"2\",\"method\":\"faucet\","
                    + "\"params\":[\"" + devnet.faucetAddress() + "\",0.5]}' " + rpc);
        }
    }

    /** How long the demo waits for the tower to follow the devnet before it starts. */
    private static final Duration DEMO_START_WAIT = Duration.ofSeconds(30);

    /**
     * For tests: when set, {@code vigil devnet --demo} hands it the demo's result and returns after the timeline
     * (closing the tower and the devnet) instead of serving until a signal.
     */
    static volatile Consumer<BreachDemo.Result> afterDemo;

    @Command(name = "keys", mixinStandardHelpOptions = true, footer = OTHER_KEYS_FOOTER,
            description = "Print the tower id (creating the key on first use).")
    static final class Keys implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Override
        public Integer call() {
            Optional<VigilConfig> config = load(common.config, common.flags());
            if (config.isEmpty()) {
                return BAD_CONFIG;
            }
            Startup<TowerId> id = Tower.identify(config.get());
            if (id instanceof Startup.Refused<TowerId> refused) {
                System.err.println("vigil: " + refused.message());
                return exitCode(refused.refusal());
            }
            System.out.println("tower id: " + ((Startup.Ready<TowerId>) id).value().toHex());
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

    /** A duration flag as every duration is written ({@link Durations}: {@code 10s}, {@code 5m}, {@code PT10S}); positive. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (" + Durations.EXAMPLES + ")"));
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
            }
            return d;
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
