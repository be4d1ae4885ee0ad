package dev.vigil.config;

import static dev.vigil.config.ConfigKeyMapping.SETTINGS;
import static dev.vigil.config.ConfigKeyMapping.forKey;
import static dev.vigil.config.ConfigKeyMapping.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.config.ConfigKeyMapping.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key, set to a value other than its default through each source (the file, its {@code VIGIL_*}
 * variable, its flag), arrives in the typed configuration, in the style of airlift's full-mapping tests
 * ({@link ConfigKeyMapping} holds the table).
 */
class ConfigMappingTest {
    /** Where a value can be set. */
    enum Source { FILE, ENVIRONMENT, FLAG }

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void everyKeyIsInTheMappingAndNothingElse() {
        assertEquals(loader.keys(), new TreeSet<>(SETTINGS.stream().map(Setting::key).toList()),
                "a key was added to or removed from vigil.conf: give it a row here");
    }

    @Test
    void everyMappedValueDiffersFromTheDefault() {
        VigilConfig defaults = loaded(Optional.empty(), Map.of(), Map.of());
        for (Setting s : SETTINGS) {
            assertNotEquals(s.expected().apply(home), s.read().apply(defaults), s.key() + " must be set to a non-default value");
        }
    }

    @Test
    void everyKeyIsReadFromTheFile() throws IOException {
        for (Setting s : SETTINGS) {
            StringBuilder text = new StringBuilder();
            values(s).forEach((key, value) -> text.append(key).append(" = \"").append(value).append("\"\n"));
            Path file = Files.createTempFile(home, "vigil", ".conf");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertCarried(s, Source.FILE, loaded(Optional.of(file), Map.of(), Map.of()));
        }
    }

    @Test
    void everyKeyIsReadFromItsEnvironmentVariable() {
        for (Setting s : SETTINGS) {
            Map<String, String> env = new LinkedHashMap<>();
            values(s).forEach((key, value) -> env.put(forKey(key).env(), value));
            env.put("PATH", "/bin"); // not a VIGIL_ variable: ignored
            assertCarried(s, Source.ENVIRONMENT, loaded(Optional.empty(), env, Map.of()));
        }
    }

    @Test
    void everyKeyIsReadFromItsFlag() {
        for (Setting s : SETTINGS) {
            Map<String, String> flags = new LinkedHashMap<>();
            values(s).forEach((key, value) -> flags.put(forKey(key).flag(), value));
            assertCarried(s, Source.FLAG, loaded(Optional.empty(), Map.of(), flags));
        }
    }

    @Test
    void theNamesAreTheOnesTheTemplateDocuments() {
        for (Setting s : SETTINGS) {
            assertEquals(s.env(), ConfigLoader.envName(s.key()), s.key());
            assertEquals(s.flag(), ConfigLoader.flagName(s.key()), s.key());
        }
    }

    @Test
    void aRecordReportsEveryValueOutOfItsRangeAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> new VigilConfig.Subscription(0, 0, 6, 2_048));
        assertEquals(List.of("subscription.slots: 0 is out of range [1, 4294967295]",
                "subscription.duration: 0 is out of range [1, 4294967295]"),
                e.violations().stream().map(InvalidSettingsException.Violation::toString).toList());
        assertThrows(IllegalArgumentException.class, () -> new VigilConfig.Chain(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new VigilConfig.Store(0));
    }

    private void assertCarried(Setting s, Source source, VigilConfig c) {
        assertEquals(s.expected().apply(home), s.read().apply(c), s.key() + " set through the " + source);
    }

    private VigilConfig loaded(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return ConfigKeyMapping.valid(loader.load(file, env, flags, home));
    }
}
