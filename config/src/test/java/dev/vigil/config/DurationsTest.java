package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every duration is written the same way everywhere: HOCON's {@code 10s}, {@code 5m} or ISO-8601's {@code PT10S}. */
class DurationsTest {
    @TempDir
    Path home;

    @Test
    void hoconAndIsoFormsParse() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse("10s"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), Durations.parse("5m"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse("PT10S"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse("pt10s"));
        assertEquals(Optional.of(Duration.ofMillis(250)), Durations.parse("250ms"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse(" 10 seconds "));
        assertEquals(Optional.of(Duration.ofMillis(10)), Durations.parse("10"), "a bare number is milliseconds, as in HOCON");
        for (String bad : List.of("", "abc", "PT", "10 parsecs", "P1X")) {
            assertEquals(Optional.empty(), Durations.parse(bad), bad);
        }
    }

    @Test
    void everyDurationKeyAcceptsEachFormFromFlagsEnvironmentAndFile() throws Exception {
        Map<String, Function<VigilConfig, Duration>> keys = Map.of(
                "bitcoind.timeout", c -> c.bitcoind().timeout(),
                "chain.poll-interval", c -> c.chain().pollInterval(),
                "bitcoind.retry.initial-backoff", c -> c.bitcoind().retry().initialBackoff(),
                "bitcoind.retry.max-backoff", c -> c.bitcoind().retry().maxBackoff());
        ConfigLoader loader = new ConfigLoader();
        for (var e : keys.entrySet()) {
            for (String text : List.of("10s", "PT10S", "10 seconds")) {
                Map<String, String> others = "bitcoind.retry.initial-backoff".equals(e.getKey())
                        ? Map.of("bitcoind-retry-max-backoff", "10s") : Map.of();
                Map<String, String> flags = new java.util.HashMap<>(others);
                flags.put(ConfigLoader.flagName(e.getKey()), text);
                assertEquals(Duration.ofSeconds(10), e.getValue().apply(ConfigKeyMapping.valid(
                        loader.load(Optional.empty(), Map.of(), flags, home))), e.getKey() + " = " + text + " as a flag");
                assertEquals(Duration.ofSeconds(10), e.getValue().apply(ConfigKeyMapping.valid(loader.load(Optional.empty(),
                        Map.of(ConfigLoader.envName(e.getKey()), text), others, home))), e.getKey() + " = " + text + " in the environment");
                Path file = java.nio.file.Files.writeString(home.resolve("d.conf"), e.getKey() + " = \"" + text + "\"\n");
                assertEquals(Duration.ofSeconds(10), e.getValue().apply(ConfigKeyMapping.valid(
                        loader.load(Optional.of(file), Map.of(), others, home))), e.getKey() + " = " + text + " in a file");
            }
        }
        assertEquals(Duration.ofMinutes(5), ConfigKeyMapping.valid(loader.load(Optional.empty(), Map.of(),
                Map.of("chain-poll-interval", "5m"), home)).chain().pollInterval());
    }

    @Test
    void aValueInNeitherFormNamesBothForms() {
        List<ConfigProblem> p = assertInstanceOf(ConfigResult.Invalid.class, new ConfigLoader().load(Optional.empty(), Map.of(),
                Map.of("chain-poll-interval", "soon"), home)).problems();
        assertEquals(1, p.size());
        assertTrue(p.get(0).toString().contains("'soon' is not a duration (e.g. 10s, 5m, 250ms or PT10S)"), p.toString());
    }

    @Test
    void aRequiredKeyMustBeSetByTheOperatorNotByTheTemplate() throws Exception {
        ConfigLoader loader = new ConfigLoader();
        List<ConfigProblem> p = assertInstanceOf(ConfigResult.Invalid.class,
                loader.load(Optional.empty(), Map.of(), Map.of(), home, Set.of("network"))).problems();
        assertEquals(List.of("network: must be set (its default does not apply here): --network, VIGIL_NETWORK or"
                + " `network = ...` in vigil.conf"), p.stream().map(ConfigProblem::toString).toList());
        assertEquals(Network.SIGNET, ConfigKeyMapping.valid(loader.load(Optional.empty(), Map.of(), Map.of("network", "signet"),
                home, Set.of("network"))).network());
        assertEquals(Network.MAINNET, ConfigKeyMapping.valid(loader.load(Optional.empty(), Map.of("VIGIL_NETWORK", "mainnet"),
                Map.of(), home, Set.of("network"))).network());
        Path file = java.nio.file.Files.writeString(home.resolve("n.conf"), "network = testnet4\n");
        VigilConfig t4 = ConfigKeyMapping.valid(loader.load(Optional.of(file), Map.of(), Map.of(), home, Set.of("network")));
        assertEquals(Network.TESTNET4, t4.network());
        assertEquals(new HostPort("127.0.0.1", 48332), t4.bitcoind().rpc());
        assertEquals(new RpcAuth.Cookie(home.resolve(".bitcoin/testnet4/.cookie")), t4.bitcoind().auth());
    }

    @Test
    void everyNetworkMapsToBitcoindsChainName() {
        assertEquals(List.of("main", "test", "testnet4", "signet", "regtest"),
                java.util.Arrays.stream(Network.values()).map(Network::bitcoindChain).toList());
        for (Network n : Network.values()) {
            assertEquals(Optional.of(n), Network.fromBitcoindChain(n.bitcoindChain()));
        }
        assertEquals(Optional.empty(), Network.fromBitcoindChain("mainnet"));
    }
}
