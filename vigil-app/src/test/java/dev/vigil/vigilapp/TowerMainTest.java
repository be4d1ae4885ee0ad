package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.config.ConfigKeyMapping;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's non-serving paths: the tower id, the template, configuration errors, and a flag of
 * {@code vigil run} for every configuration key (the full mapping through the command line).
 */
class TowerMainTest {
    @TempDir
    Path dir;

    private final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    @BeforeEach
    void capture() {
        streams.install();
    }

    @AfterEach
    void restore() {
        streams.restore();
    }

    private int run(String... args) {
        return new CommandLine(new TowerMain()).execute(args);
    }

    @Test
    void keysCreatesTheTowerKeyOnceAndPrintsTheSameIdEveryTime() {
        assertEquals(0, run("keys", "--datadir", dir.toString()));
        String first = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(first.matches("tower id: 0[23][0-9a-f]{64}"), first);
        out.reset();
        assertEquals(0, run("keys", "--datadir", dir.toString()));
        assertEquals(first, out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void anInvalidValueStopsStartUpNamingTheKeyAndRange() {
        assertEquals(TowerMain.BAD_CONFIG, run("run", "--datadir", dir.toString(), "--api-port", "70000", "--zmq-rawblock", "ipc:///x"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("api.port (command-line flags): 70000 is out of range [0, 65535]"), e);
        assertTrue(e.contains("zmq.rawblock"), e);
    }

    /** The flags that {@code vigil run} hands to the configuration loader for {@code args}. */
    private static Map<String, String> runFlags(String... args) {
        CommandLine.ParseResult parsed = new CommandLine(new TowerMain()).parseArgs(args);
        return TowerMain.Run.flags(parsed.subcommand().commandSpec());
    }

    @Test
    void runHasAFlagForEveryKeyAndItsValueReachesTheTypedConfig() {
        ConfigLoader loader = new ConfigLoader();
        assertEquals(loader.keys(), new TreeSet<>(ConfigKeyMapping.SETTINGS.stream().map(ConfigKeyMapping.Setting::key).toList()));
        for (ConfigKeyMapping.Setting s : ConfigKeyMapping.SETTINGS) {
            List<String> args = new ArrayList<>(List.of("run"));
            ConfigKeyMapping.values(s).forEach((key, value) -> {
                args.add("--" + ConfigKeyMapping.forKey(key).flag());
                args.add(value);
            });
            Map<String, String> flags = runFlags(args.toArray(String[]::new));
            assertEquals(s.value(), flags.get(s.flag()), s.key());
            VigilConfig config = ConfigKeyMapping.valid(loader.load(Optional.empty(), Map.of(), flags, dir));
            assertEquals(s.expected().apply(dir), s.read().apply(config), s.key() + " set through vigil run --" + s.flag());
        }
        assertEquals(Map.of(), runFlags("run"), "no flag given, none passed on");
    }

    @Test
    void runHelpListsEveryKeyAsAFlagAndTheOtherCommandsSayWhereKeysAreSet() {
        assertEquals(0, run("run", "--help"));
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "); // picocli wraps lines
        for (String key : new ConfigLoader().keys()) {
            assertTrue(help.contains("--" + ConfigLoader.flagName(key) + "="), key + " in\n" + help);
        }
        assertTrue(help.contains("VIGIL_SUBSCRIPTION_SLOTS; default 10000"), help);
        assertTrue(help.contains("Tries per broadcast, 1..100."), help);
        for (String command : List.of("devnet", "keys")) {
            out.reset();
            assertEquals(0, run(command, "--help"));
            String other = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            assertTrue(other.contains("VIGIL_* environment variable") && other.contains("vigil config-template"), other);
        }
    }

    @Test
    void aGeneratedFlagReachesTheLoader() {
        assertEquals(TowerMain.BAD_CONFIG, run("run", "--datadir", dir.toString(), "--store-max-batch", "0"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("store.max-batch (command-line flags): 0 is out of range [1, 100000]"), e);
    }

    @Test
    void theTemplateIsPrinted() {
        assertEquals(0, run("config-template"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("irrevocable-depth = 100"));
    }
}
