package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader();

    private VigilConfig loaded(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return ConfigKeyMapping.valid(loader.load(file, env, flags, home));
    }

    private List<ConfigProblem> problems(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return assertInstanceOf(ConfigResult.Invalid.class, loader.load(file, env, flags, home)).problems();
    }

    @Test
    void defaultsComeFromTheTemplate() {
        VigilConfig c = loaded(Optional.empty(), Map.of(), Map.of());
        assertEquals(Network.REGTEST, c.network());
        assertEquals(home.resolve(".vigil"), c.datadir());
        assertEquals(new VigilConfig.Api("127.0.0.1", 9814), c.api());
        assertEquals(new HostPort("127.0.0.1", 18443), c.bitcoind().rpc());
        assertEquals(new RpcAuth.Cookie(home.resolve(".bitcoin/regtest/.cookie")), c.bitcoind().auth());
        assertEquals(Duration.ofSeconds(30), c.bitcoind().timeout());
        assertEquals(new VigilConfig.Retry(6, Duration.ofMillis(250), Duration.ofSeconds(5)), c.bitcoind().retry());
        assertEquals(URI.create("tcp://127.0.0.1:28332"), c.zmq().rawblock());
        assertEquals(URI.create("tcp://127.0.0.1:28334"), c.zmq().sequence());
        assertEquals(new VigilConfig.Subscription(10_000, 4_320, 6, 2_048), c.subscription());
        assertEquals(100, c.responder().irrevocableDepth());
        assertEquals(6, c.watcher().recentBlocks());
    }

    @Test
    void mainnetDefaultsFollowBitcoind() {
        VigilConfig c = loaded(Optional.empty(), Map.of(), Map.of("network", "mainnet"));
        assertEquals(new HostPort("127.0.0.1", 8332), c.bitcoind().rpc());
        assertEquals(new RpcAuth.Cookie(home.resolve(".bitcoin/.cookie")), c.bitcoind().auth());
        assertEquals(38332, loaded(Optional.empty(), Map.of(), Map.of("network", "signet")).bitcoind().rpc().port());
    }

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws IOException {
        Path file = write("api { port = 1000 }\nsubscription.slots = 7\n");
        assertEquals(1000, loaded(Optional.of(file), Map.of(), Map.of()).api().port());
        assertEquals(2000, loaded(Optional.of(file), Map.of("VIGIL_API_PORT", "2000"), Map.of()).api().port());
        assertEquals(3000, loaded(Optional.of(file), Map.of("VIGIL_API_PORT", "2000"), Map.of("api-port", "3000")).api().port());
        assertEquals(7, loaded(Optional.of(file), Map.of("VIGIL_API_PORT", "2000"), Map.of()).subscription().slots());
        assertEquals(4_320, loaded(Optional.of(file), Map.of(), Map.of()).subscription().duration());
    }

    @Test
    void theFileInTheDatadirIsReadWhenNoneIsGiven() throws IOException {
        Path datadir = Files.createDirectories(home.resolve("tower"));
        Files.writeString(datadir.resolve("vigil.conf"), "api.port = 4444\n", StandardCharsets.UTF_8);
        assertEquals(4444, loaded(Optional.empty(), Map.of(), Map.of("datadir", datadir.toString())).api().port());
        assertEquals(4444, loaded(Optional.empty(), Map.of("VIGIL_DATADIR", "~/tower"), Map.of()).api().port());
    }

    @Test
    void anOutOfRangeValueNamesTheKeyTheSourceAndTheRange() {
        List<ConfigProblem> p = problems(Optional.empty(), Map.of(), Map.of("api-port", "70000"));
        assertEquals(1, p.size());
        assertEquals("api.port", p.get(0).key());
        assertEquals("api.port (command-line flags): 70000 is out of range [0, 65535]", p.get(0).toString());
    }

    @Test
    void retryBackoffsAreCheckedAgainstEachOther() {
        VigilConfig c = loaded(Optional.empty(), Map.of("VIGIL_BITCOIND_RETRY_ATTEMPTS", "3"),
                Map.of("bitcoind-retry-max-backoff", "2s"));
        assertEquals(new VigilConfig.Retry(3, Duration.ofMillis(250), Duration.ofSeconds(2)), c.bitcoind().retry());
        List<ConfigProblem> p = problems(Optional.empty(), Map.of(), Map.of("bitcoind-retry-initial-backoff", "10s",
                "bitcoind-retry-max-backoff", "1s"));
        assertEquals(List.of("bitcoind.retry.max-backoff (command-line flags): must not be shorter than"
                + " bitcoind.retry.initial-backoff (10000 ms)"), p.stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path file = write("""
                network = moonnet
                subscription { slots = 0, slot-size = "big" }
                zmq.rawblock = "ipc:///tmp/bitcoind.rawblock"
                bitcoind { timeout = 0s, rpc = "localhost" }
                responder.irrevocable-depth = -1
                """);
        List<ConfigProblem> p = problems(Optional.of(file), Map.of(), Map.of());
        assertEquals(List.of("bitcoind.rpc", "bitcoind.timeout", "network", "responder.irrevocable-depth",
                        "subscription.slot-size", "subscription.slots", "zmq.rawblock"),
                p.stream().map(ConfigProblem::key).sorted().toList());
        String all = p.toString();
        assertTrue(all.contains("'moonnet' is not one of mainnet, testnet, testnet4, signet, regtest"), all);
        assertTrue(all.contains("JeroMQ cannot read bitcoind's ipc sockets"), all);
        assertTrue(all.contains("'big' is not a whole number; allowed range [256, 1048576]"), all);
        assertTrue(all.contains("'localhost' is not host:port"), all);
        assertTrue(p.stream().allMatch(x -> x.origin().contains(file.getFileName().toString())), all);
    }

    @Test
    void unknownKeysFlagsAndVariablesAreProblemsWithSuggestions() throws IOException {
        List<ConfigProblem> p = problems(Optional.of(write("api.prot = 1\n")), Map.of("VIGIL_API_POTR", "1", "PATH", "/bin"),
                Map.of("bitcoind-rcp", "x:1"));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.toString().contains("api.prot") && p.toString().contains("did you mean api.port?"), p.toString());
        assertTrue(p.toString().contains("VIGIL_API_POTR"), p.toString());
        assertTrue(p.toString().contains("did you mean bitcoind.rpc?"), p.toString());
    }

    @Test
    void authIsACookieOrAUserAndPasswordNeverBoth() {
        assertEquals(new RpcAuth.UserPassword("u", "p"),
                loaded(Optional.empty(), Map.of(), Map.of("bitcoind-user", "u", "bitcoind-password", "p")).bitcoind().auth());
        assertEquals(new RpcAuth.Cookie(home.resolve("btc/.cookie")),
                loaded(Optional.empty(), Map.of(), Map.of("bitcoind-cookie", "~/btc/.cookie")).bitcoind().auth());
        assertTrue(problems(Optional.empty(), Map.of(), Map.of("bitcoind-cookie", "/c", "bitcoind-user", "u", "bitcoind-password", "p"))
                .toString().contains("not both"));
        assertTrue(problems(Optional.empty(), Map.of(), Map.of("bitcoind-user", "u")).toString().contains("go together"));
        assertTrue(new RpcAuth.UserPassword("u", "secret").toString().contains("redacted"));
        assertTrue(!new RpcAuth.UserPassword("u", "secret").toString().contains("secret"));
    }

    @Test
    void bitcoindEndpointsParse() {
        assertEquals(new HostPort("::1", 8332), loaded(Optional.empty(), Map.of(), Map.of("bitcoind-rpc", "[::1]:8332")).bitcoind().rpc());
        assertEquals(Optional.empty(), HostPort.parse("::1:8332"));
        assertEquals(Optional.empty(), HostPort.parse("host:0"));
        assertEquals(Optional.empty(), HostPort.parse("host:"));
        assertEquals("[::1]:8332", new HostPort("::1", 8332).toString());
    }

    @Test
    void aMissingOrBrokenFileIsAProblem() throws IOException {
        assertTrue(problems(Optional.of(home.resolve("nope.conf")), Map.of(), Map.of()).toString().contains("does not exist"));
        assertTrue(problems(Optional.of(write("api { port = ")), Map.of(), Map.of()).get(0).key().equals("config"));
    }

    @Test
    void everyKeyIsDocumentedInTheTemplate() {
        List<String> lines = ConfigLoader.templateText().lines().toList();
        for (String key : loader.keys()) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith(leaf + " =")) {
                    at = i;
                }
            }
            assertTrue(at > 0, "template defines " + key);
            String previous = lines.get(at - 1).trim();
            assertTrue(previous.startsWith("#"), "a comment documents " + key);
        }
    }

    @Test
    void eachKeyCarriesItsTemplateCommentAndDefault() {
        assertEquals("Tries per broadcast, 1..100.", loader.documentation("bitcoind.retry.attempts"));
        assertEquals("6", loader.defaultText("bitcoind.retry.attempts"));
        assertEquals("30s", loader.defaultText("bitcoind.timeout"));
        assertEquals("127.0.0.1", loader.defaultText("api.bind"));
        assertEquals("\"\"", loader.defaultText("bitcoind.rpc"));
        assertTrue(loader.documentation("api.port").startsWith("9814 is teos's port"), loader.documentation("api.port"));
        for (String key : loader.keys()) {
            assertTrue(!loader.documentation(key).isEmpty(), key);
        }
    }

    @Test
    void twoBadValuesInOneSectionAreBothReported() {
        List<ConfigProblem> p = problems(Optional.empty(), Map.of("VIGIL_RESPONDER_IRREVOCABLE_DEPTH", "0"),
                Map.of("responder-rebroadcast-after", "5000", "subscription-slot-size", "4294967552"));
        assertEquals(List.of("responder.irrevocable-depth (environment): 0 is out of range [1, 100000]",
                "responder.rebroadcast-after (command-line flags): 5000 is out of range [1, 1000]",
                "subscription.slot-size (command-line flags): 4294967552 is out of range [256, 1048576]"),
                p.stream().map(ConfigProblem::toString).sorted().toList());
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(home, "vigil", ".conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
