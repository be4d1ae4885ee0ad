package dev.vigil.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The layers a setting can come from, in increasing precedence: the bundled template (every key and its
 * default), the operator's file, {@code VIGIL_*} environment variables, command-line flags. A key, variable or
 * flag that names no setting is a problem, with the nearest key as a suggestion: a typo must not silently fall
 * back to a default. Pure: the environment, the flags and the home directory are parameters.
 */
final class ConfigSources {
    static final String ENV_PREFIX = "VIGIL_";

    private final Config defaults;
    private final Set<String> keys;

    ConfigSources(Config defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        Set<String> all = new TreeSet<>();
        defaults.entrySet().forEach(e -> all.add(e.getKey()));
        this.keys = Collections.unmodifiableSet(all);
    }

    /** The template bundled as {@link ConfigLoader#TEMPLATE_RESOURCE}. */
    static ConfigSources bundled() {
        return new ConfigSources(ConfigFactory.parseResources(ConfigSources.class.getClassLoader(),
                ConfigLoader.TEMPLATE_RESOURCE,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)));
    }

    /** Every key, sorted. */
    Set<String> keys() {
        return keys;
    }

    /** The template's comment above {@code key}, its lines joined by spaces. */
    String comment(String key) {
        return String.join(" ", defaults.getValue(known(key)).origin().comments().stream().map(String::trim).toList());
    }

    /** The template's value of {@code key} as an operator would type it ({@code 30s}, {@code 9814}; {@code ""} if empty). */
    String defaultText(String key) {
        String text = String.valueOf(defaults.getValue(known(key)).unwrapped());
        return text.isEmpty() ? "\"\"" : text;
    }

    private String known(String key) {
        if (!keys.contains(key)) {
            throw new IllegalArgumentException("not a configuration key: " + key);
        }
        return key;
    }

    /** {@code api.port} → {@code api-port}. */
    static String flagName(String key) {
        return key.replace('.', '-');
    }

    /** {@code api.port} → {@code VIGIL_API_PORT}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Every layer merged over the defaults and resolved. Each unknown name and an unreadable or missing file
     * is added to {@code problems}; the known values are still merged, so that the reader can report theirs.
     */
    Config layered(Optional<Path> file, Map<String, String> environment, Map<String, String> flags, Path home,
            List<ConfigProblem> problems) {
        return layered(file, environment, flags, home, Set.of(), problems);
    }

    /**
     * {@link #layered(Optional, Map, Map, Path, List)}, where each of {@code required} must be set by the operator
     * (file, environment or flag): its template default does not count, and a key left unset is a problem.
     */
    Config layered(Optional<Path> file, Map<String, String> environment, Map<String, String> flags, Path home,
            Set<String> required, List<ConfigProblem> problems) {
        Config flagLayer = ConfigFactory.parseMap(byKey(flags, ConfigSources::flagName, "command-line flag --", problems),
                "command-line flags");
        Map<String, String> vigilEnv = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                vigilEnv.put(k, v);
            }
        });
        Config envLayer = ConfigFactory.parseMap(byKey(vigilEnv, ConfigSources::envName, "environment variable", problems),
                "environment");
        Config overrides = flagLayer.withFallback(envLayer);
        Optional<Path> chosen = file.isPresent() ? file : defaultFile(overrides, home);
        Config fileLayer = chosen.isPresent() ? fileLayer(chosen.get(), problems) : ConfigFactory.empty();
        Config operator = overrides.withFallback(fileLayer);
        for (String key : required) {
            if (!operator.hasPath(known(key))) {
                problems.add(new ConfigProblem(key, "", "must be set (its default does not apply here): --" + flagName(key)
                        + ", " + envName(key) + " or `" + key + " = ...` in vigil.conf"));
            }
        }
        return operator.withFallback(defaults).resolve();
    }

    private Config fileLayer(Path p, List<ConfigProblem> problems) {
        if (!Files.isRegularFile(p)) {
            problems.add(new ConfigProblem("config", "", "config file " + p + " does not exist"));
            return ConfigFactory.empty();
        }
        try {
            Config layer = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
            for (Map.Entry<String, ConfigValue> e : layer.entrySet()) {
                if (!keys.contains(e.getKey())) {
                    problems.add(new ConfigProblem(e.getKey(), origin(e.getValue()), "unknown key" + suggestion(e.getKey())));
                }
            }
            return layer;
        } catch (ConfigException e) {
            problems.add(new ConfigProblem("config", p.toString(), e.getMessage()));
            return ConfigFactory.empty();
        }
    }

    private Optional<Path> defaultFile(Config overrides, Path home) {
        String datadir = overrides.hasPath("datadir") ? overrides.getString("datadir") : defaults.getString("datadir");
        Path candidate = expand(datadir, home).resolve("vigil.conf");
        return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Maps flag or variable names to config keys; unknown names are problems. */
    private Map<String, String> byKey(Map<String, String> given, Function<String, String> naming, String what,
            List<ConfigProblem> problems) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String key : keys) {
            byName.put(naming.apply(key), key);
        }
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            String key = byName.get(name);
            if (key == null) {
                problems.add(new ConfigProblem(name, "", "unknown " + what + suggestion(name)));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private String suggestion(String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : keys) {
            int d = distance(u, k.replace('-', '.'));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code ~} and {@code ~/...} are the home directory. */
    static Path expand(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }

    /** Where a value was set, as Lightbend Config describes it (file and line, "environment", ...). */
    static String origin(ConfigValue v) {
        return v.origin() == null ? "" : v.origin().description();
    }
}
