package dev.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@link VigilConfig} from, in increasing precedence: the bundled template {@code vigil.conf}
 * (which holds every default), the operator's file, {@code VIGIL_*} environment variables and
 * command-line flags ({@link ConfigSources}), then reads it into typed records ({@link VigilConfigReader}).
 * Reports every problem at once, each naming its key, where the value came from and the allowed range;
 * unknown keys are problems too (a typo must not silently fall back to a default). Pure: the environment,
 * the flags and the home directory are parameters.
 */
public final class ConfigLoader {
    /** The bundled template, also the defaults. */
    public static final String TEMPLATE_RESOURCE = "dev/vigil/config/vigil.conf";

    private final ConfigSources sources = ConfigSources.bundled();

    /** Every configuration key, e.g. {@code api.port}, sorted. */
    public Set<String> keys() {
        return sources.keys();
    }

    /** What {@code key} is for: the template's comment above it (e.g. for a command line's help). */
    public String documentation(String key) {
        return sources.comment(key);
    }

    /** {@code key}'s default as an operator would type it, e.g. {@code 30s} or {@code 127.0.0.1}; {@code ""} if empty. */
    public String defaultText(String key) {
        return sources.defaultText(key);
    }

    /** The template's text, for {@code vigil config-template} and the docs. */
    public static String templateText() {
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the config template is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flag for a key: {@code api.port} → {@code api-port}. */
    public static String flagName(String key) {
        return ConfigSources.flagName(key);
    }

    /** The environment variable for a key: {@code api.port} → {@code VIGIL_API_PORT}. */
    public static String envName(String key) {
        return ConfigSources.envName(key);
    }

    /**
     * @param file the operator's file; empty = {@code <datadir>/vigil.conf} if it exists
     * @param environment the process environment (only {@code VIGIL_*} variables are read)
     * @param flags command-line values keyed by flag name without dashes ({@code api-port})
     * @param home the user's home directory, for {@code ~} in paths and bitcoind's default cookie
     */
    public ConfigResult load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags, Path home) {
        return load(file, environment, flags, home, Set.of());
    }

    /**
     * {@link #load(Optional, Map, Map, Path)}, where each key of {@code required} must be set by the operator (in the
     * file, the environment or a flag): the template's default does not count, and an unset key is a problem naming
     * the three ways to set it. {@code vigil run} requires {@code network}: a tower must not guess its chain.
     */
    public ConfigResult load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags, Path home,
            Set<String> required) {
        List<ConfigProblem> problems = new ArrayList<>();
        return new VigilConfigReader(sources.layered(file, environment, flags, home, required, problems), problems).read(home);
    }
}
