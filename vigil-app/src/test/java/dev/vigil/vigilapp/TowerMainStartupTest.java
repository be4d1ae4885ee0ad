package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerserver.app.Startup;
import dev.vigil.towerserver.app.Tower;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The start-up checks of docs/operations.md, through the command line in-process: each refusal's exit code and
 * the exact first line on stderr, and that the refused start changed nothing (no store created, a running
 * tower's store untouched, an existing file left as it was). Against the embedded devnet, which answers
 * {@code getblockchaininfo} as a regtest bitcoind does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TowerMainStartupTest {
    @TempDir
    static Path dir;
    private Devnet devnet;

    private final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    @BeforeAll
    void startDevnet() throws IOException {
        // java.util.logging's console handler writes to the stderr of when it was made: make it now, so that the
        // towers' log lines (a closing tower's, late) stay out of the stderr each test captures.
        java.util.logging.Logger.getLogger("").getHandlers();
        devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
    }

    @AfterAll
    void stopDevnet() {
        devnet.close();
    }

    @BeforeEach
    void capture() {
        streams.install();
    }

    @AfterEach
    void restore() {
        streams.restore();
    }

    private int vigil(List<String> args) {
        return TowerMain.commandLine().execute(args.toArray(String[]::new));
    }

    private String firstErrLine() {
        String e = err.toString(StandardCharsets.UTF_8);
        return e.isEmpty() ? "" : e.lines().findFirst().orElse("");
    }

    /** {@code vigil run} against the devnet, with {@code network} and {@code datadir}. */
    private List<String> run(String network, Path datadir) {
        List<String> a = new ArrayList<>(List.of("run", "--datadir", datadir.toString(), "--api-port", "0", "--admin-port", "0",
                "--bitcoind-rpc", "127.0.0.1:" + devnet.rpcPort(), "--bitcoind-cookie", devnet.cookieFile().orElseThrow().toString(),
                "--zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK),
                "--zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE)));
        if (network != null) {
            a.addAll(List.of("--network", network));
        }
        return a;
    }

    private VigilConfig config(Path datadir) {
        Map<String, String> flags = Map.of("datadir", datadir.toString(), "api-port", "0", "admin-port", "0", "network", "regtest",
                "bitcoind-rpc", "127.0.0.1:" + devnet.rpcPort(), "bitcoind-cookie", devnet.cookieFile().orElseThrow().toString(),
                "zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK), "zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE));
        return ((ConfigResult.Loaded) new ConfigLoader().load(Optional.empty(), Map.of(), flags, dir)).config();
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNodeOnAnotherChainIsRefusedNamingBothChainsAndNothingIsCreated() {
        Path datadir = dir.resolve("wrong-chain");
        assertEquals(TowerMain.WRONG_CHAIN, vigil(run("mainnet", datadir)));
        assertEquals("vigil: bitcoind at 127.0.0.1:" + devnet.rpcPort() + " follows chain \"regtest\" but network is mainnet"
                + " (chain \"main\"): set --network regtest (network = regtest in vigil.conf), or point --bitcoind-rpc at a"
                + " mainnet node", firstErrLine());
        assertFalse(Files.exists(datadir.resolve("tower.db")), "no store is created for the wrong chain");
        err.reset();
        assertEquals(TowerMain.WRONG_CHAIN, vigil(run("testnet4", datadir)));
        assertTrue(firstErrLine().contains("but network is testnet4 (chain \"testnet4\")"), firstErrLine());
    }

    @Test
    void aNodeDownAtStartThatComesUpOnAnotherChainStopsTheTowerBeforeItFollowsABlock() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, String> flags = new java.util.HashMap<>(Map.of("datadir", dir.resolve("late-node").toString(),
                "api-port", "0", "admin-port", "0", "network", "signet", "bitcoind-rpc", "127.0.0.1:" + port, "bitcoind-user", "vigil",
                "bitcoind-password", "secret", "chain-poll-interval", "1s"));
        flags.put("zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK));
        flags.put("zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE));
        VigilConfig config = ((ConfigResult.Loaded) new ConfigLoader().load(Optional.empty(), Map.of(), flags, dir)).config();
        try (Tower tower = ((Startup.Ready<Tower>) Tower.launch(config)).value()) {
            assertFalse(tower.failure().toCompletableFuture().isDone());
            try (Devnet late = Devnet.start(DevnetOptions.defaults(dir.resolve("late-devnet")).withRpcPort(port)
                    .withUserPassword("vigil", "secret"))) {
                late.mine(3);
                Throwable why = tower.failure().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(why instanceof dev.vigil.towerserver.app.WrongChainException, why.toString());
                assertEquals("bitcoind at 127.0.0.1:" + port + " follows chain \"regtest\" but network is signet (chain \"signet\"):"
                        + " set --network regtest (network = regtest in vigil.conf), or point --bitcoind-rpc at a signet node",
                        why.getMessage());
                assertEquals(0, tower.tipHeight(), "no block of the wrong chain was followed");
                assertFalse(tower.nodeReachable(), "the API keeps answering 503");
            }
        }
    }

    @Test
    void runNeedsTheNetworkSetByTheOperator() {
        assumeTrue(System.getenv("VIGIL_NETWORK") == null, "the environment sets the network");
        Path datadir = dir.resolve("no-network");
        assertEquals(TowerMain.BAD_CONFIG, vigil(run(null, datadir)));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("vigil: invalid configuration:", lines.get(0));
        assertEquals("  network: must be set (its default does not apply here): --network, VIGIL_NETWORK or"
                + " `network = ...` in vigil.conf", lines.get(1));
        assertFalse(Files.exists(datadir), "nothing is created");
    }

    @Test
    void aFileWhereTheDatadirShouldBeIsRefusedAndLeftAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "operator's notes\n");
        assertEquals(TowerMain.DATADIR_UNUSABLE, vigil(run("regtest", file)));
        assertEquals("vigil: datadir " + file + " is a file, not a directory: move the file away or choose another --datadir",
                firstErrLine());
        assertEquals("operator's notes\n", Files.readString(file));

        err.reset();
        Path below = file.resolve("tower");
        assertEquals(TowerMain.DATADIR_UNUSABLE, vigil(List.of("keys", "--datadir", below.toString())));
        assertEquals("vigil: cannot create datadir " + below + ": " + file + " is a file, not a directory; move the file away"
                + " or choose another --datadir", firstErrLine());
        assertEquals("operator's notes\n", Files.readString(file));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "), "no stack trace");
    }

    @Test
    void aReadOnlyDatadirIsRefusedWithOneLine() throws IOException {
        assumeTrue(posix(dir));
        Path datadir = Files.createDirectories(dir.resolve("read-only"));
        assertEquals(0, vigil(List.of("keys", "--datadir", datadir.toString())));
        byte[] store = Files.readAllBytes(datadir.resolve("tower.db"));
        Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(datadir), "permissions do not bind this user (root)");
            err.reset();
            assertEquals(TowerMain.DATADIR_UNUSABLE, vigil(run("regtest", datadir)));
            assertEquals("vigil: datadir " + datadir + " is not writable (permission denied): make it writable by the user"
                    + " running vigil, or choose another --datadir", firstErrLine());
            assertArrayEquals(store, Files.readAllBytes(datadir.resolve("tower.db")));
        } finally {
            Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aSecondTowerOnTheSameDatadirIsRefusedAndTheFirstKeepsItsStore() throws IOException {
        Path datadir = dir.resolve("shared");
        VigilConfig config = config(datadir);
        Tower first = ((Startup.Ready<Tower>) Tower.launch(config)).value();
        String id;
        try {
            id = first.towerId().toHex();
            boolean journal = Files.exists(datadir.resolve("tower.db.journal"));
            assertEquals(TowerMain.STORE_LOCKED, vigil(run("regtest", datadir)));
            assertEquals("vigil: the store " + datadir.resolve("tower.db") + " is locked by another tower running on datadir "
                    + datadir + ": stop that tower first, or give this one its own --datadir", firstErrLine());
            assertEquals(journal, Files.exists(datadir.resolve("tower.db.journal")), "the running tower's journal is where it was");
            err.reset();
            assertEquals(TowerMain.STORE_LOCKED, vigil(List.of("keys", "--datadir", datadir.toString())));
            assertTrue(firstErrLine().startsWith("vigil: the store " + datadir.resolve("tower.db") + " is locked"), firstErrLine());
            assertTrue(first.apiPort() > 0);
        } finally {
            first.close();
        }
        out.reset();
        assertEquals(0, vigil(List.of("keys", "--datadir", datadir.toString())));
        assertEquals("tower id: " + id, out.toString(StandardCharsets.UTF_8).strip(), "the store and its key are intact");
    }

    @Test
    void aNewDatadirIsTheOwnersAloneAndSoIsTheStoreWhateverTheUmask() throws IOException {
        assumeTrue(posix(dir));
        Path datadir = dir.resolve("fresh").resolve("tower");
        assertEquals(0, vigil(List.of("keys", "--datadir", datadir.toString())));
        assertEquals("rwx------", perms(datadir));
        assertEquals("rw-------", perms(datadir.resolve("tower.db")));
    }

    @Test
    void anExistingDatadirOrStoreOthersCanReadIsRestrictedAndTheKeyKept() throws IOException {
        assumeTrue(posix(dir));
        Path datadir = Files.createDirectories(dir.resolve("open"));
        assertEquals(0, vigil(List.of("keys", "--datadir", datadir.toString())));
        String id = out.toString(StandardCharsets.UTF_8).strip();
        Files.setPosixFilePermissions(datadir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(datadir.resolve("tower.db"), PosixFilePermissions.fromString("rw-r--r--"));
        out.reset();
        assertEquals(0, vigil(List.of("keys", "--datadir", datadir.toString())));
        assertEquals(id, out.toString(StandardCharsets.UTF_8).strip());
        assertEquals("rwx------", perms(datadir));
        assertEquals("rw-------", perms(datadir.resolve("tower.db")));
    }

    @Test
    void theApiListensOnLoopbackOnlyByDefault() throws IOException {
        VigilConfig defaults = ((ConfigResult.Loaded) new ConfigLoader().load(Optional.empty(), Map.of(), Map.of(), dir)).config();
        assertTrue(InetAddress.getByName(defaults.api().bind()).isLoopbackAddress(), defaults.api().bind());
        VigilConfig config = config(dir.resolve("loopback"));
        assertEquals(defaults.api().bind(), config.api().bind(), "the test tower keeps the default bind");
        try (Tower tower = Tower.start(config)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tower.apiPort()), 5_000);
            }
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    try (Socket s = new Socket()) {
                        assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(a, tower.apiPort()), 2_000),
                                "the API answers on " + a);
                    }
                }
            }
        }
    }

    @Test
    void durationFlagsTakeEveryForm() {
        for (Map.Entry<String, Duration> e : Map.of("10s", Duration.ofSeconds(10), "5m", Duration.ofMinutes(5),
                "PT10S", Duration.ofSeconds(10), "250ms", Duration.ofMillis(250)).entrySet()) {
            CommandLine.ParseResult parsed = TowerMain.commandLine().parseArgs("devnet", "--mine-every", e.getKey());
            TowerMain.DevnetCommand devnetCommand = (TowerMain.DevnetCommand) parsed.subcommand().commandSpec().userObject();
            assertEquals(e.getValue(), devnetCommand.mineEvery, e.getKey());
        }
        assertEquals(2, vigil(List.of("devnet", "--mine-every", "soon")));
        assertEquals("Invalid value for option '--mine-every': 'soon' is not a duration (e.g. 10s, 5m, 250ms or PT10S)",
                firstErrLine());
        err.reset();
        assertEquals(2, vigil(List.of("devnet", "--mine-every", "0s")));
        assertEquals("Invalid value for option '--mine-every': '0s' is not a positive duration", firstErrLine());
    }
}
