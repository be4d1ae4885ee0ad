package dev.vigil.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads {@link VigilConfig} from, in increasing precedence: the bundled template {@code vigil.conf}
 * (which holds every default), the operator's file, {@code VIGIL_*} environment variables and
 * command-line flags. Reports every problem at once, each naming its key, where the value came
 * from and the allowed range; unknown keys are problems too (a typo must not silently fall back to
 * a default). Pure: the environment, the flags and the home directory are parameters.
 */
public final class ConfigLoader {
    /** The bundled template, also the defaults. */
    public static final String TEMPLATE_RESOURCE = "dev/vigil/config/vigil.conf";
    private static final String ENV_PREFIX = "VIGIL_";

    private final Config defaults;
    private final Set<String> keys;

    public ConfigLoader() {
        this.defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), TEMPLATE_RESOURCE,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        this.keys = new TreeSet<>();
        defaults.entrySet().forEach(e -> keys.add(e.getKey()));
    }

    /** Every configuration key, e.g. {@code api.port}. */
    public Set<String> keys() {
        return Set.copyOf(keys);
    }

    /** The template's text, for {@code vigil config-template} and the docs. */
    public static String templateText() {
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the config template is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The flag for a key: {@code api.port} → {@code api-port}. */
    public static String flagName(String key) {
        return key.replace('.', '-');
    }

    /** The environment variable for a key: {@code api.port} → {@code VIGIL_API_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @param file the operator's file; empty = {@code <datadir>/vigil.conf} if it exists
     * @param environment the process environment (only {@code VIGIL_*} variables are read)
     * @param flags command-line values keyed by flag name without dashes ({@code api-port})
     * @param home the user's home directory, for {@code ~} in paths and bitcoind's default cookie
     */
    public ConfigResult load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags, Path home) {
        List<ConfigProblem> problems = new ArrayList<>();
        Config flagLayer = ConfigFactory.parseMap(byKey(flags, ConfigLoader::flagName, "command-line flag --", problems),
                "command-line flags");
        Map<String, String> vigilEnv = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                vigilEnv.put(k, v);
            }
        });
        Config envLayer = ConfigFactory.parseMap(byKey(vigilEnv, ConfigLoader::envName, "environment variable ", problems),
                "environment");
        Config overrides = flagLayer.withFallback(envLayer);

        Config fileLayer = ConfigFactory.empty();
        Optional<Path> chosen = file.isPresent() ? file : defaultFile(overrides, home);
        if (chosen.isPresent()) {
            Path p = chosen.get();
            if (!Files.isRegularFile(p)) {
                problems.add(new ConfigProblem("config", "", "config file " + p + " does not exist"));
            } else {
                try {
                    fileLayer = ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
                    for (Map.Entry<String, ConfigValue> e : fileLayer.entrySet()) {
                        if (!keys.contains(e.getKey())) {
                            problems.add(new ConfigProblem(e.getKey(), origin(e.getValue()), "unknown key" + suggestion(e.getKey())));
                        }
                    }
                } catch (ConfigException e) {
                    problems.add(new ConfigProblem("config", p.toString(), e.getMessage()));
                }
            }
        }
        Config all = overrides.withFallback(fileLayer).withFallback(defaults).resolve();
        Reader r = new Reader(all, problems);
        VigilConfig config = r.read(home);
        if (!problems.isEmpty() || config == null) {
            return new ConfigResult.Invalid(problems);
        }
        return new ConfigResult.Loaded(config);
    }

    private Optional<Path> defaultFile(Config overrides, Path home) {
        String datadir = overrides.hasPath("datadir") ? overrides.getString("datadir") : defaults.getString("datadir");
        Path candidate = expand(datadir, home).resolve("vigil.conf");
        return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Maps flag or env names to config keys; unknown names are problems. */
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
                problems.add(new ConfigProblem(name, "", "unknown " + what.trim() + suggestion(name)));
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

    static Path expand(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }

    private static String origin(ConfigValue v) {
        return v.origin() == null ? "" : v.origin().description();
    }

    /** Reads typed values, recording a problem (and continuing) for each bad one. */
    private static final class Reader {
        private final Config c;
        private final List<ConfigProblem> problems;

        Reader(Config c, List<ConfigProblem> problems) {
            this.c = c;
            this.problems = problems;
        }

        VigilConfig read(Path home) {
            Network network = network();
            Path datadir = expand(string("datadir"), home);
            String bind = nonBlank("api.bind");
            int port = (int) integer("api.port", 0, 65_535);
            HostPort rpc = rpc(network);
            RpcAuth auth = auth(network, home);
            Duration timeout = duration("bitcoind.timeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
            int attempts = (int) integer("bitcoind.retry.attempts", 1, 100);
            Duration initialBackoff = duration("bitcoind.retry.initial-backoff", Duration.ofMillis(10), Duration.ofMinutes(1));
            Duration maxBackoff = duration("bitcoind.retry.max-backoff", Duration.ofMillis(10), Duration.ofMinutes(10));
            if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
                problem("bitcoind.retry.max-backoff", "must not be shorter than bitcoind.retry.initial-backoff ("
                        + initialBackoff.toMillis() + " ms)");
            }
            URI rawblock = zmqEndpoint("zmq.rawblock");
            URI sequence = zmqEndpoint("zmq.sequence");
            int maxMessage = (int) integer("zmq.max-message-bytes", 4L << 20, 256L << 20);
            Duration poll = duration("chain.poll-interval", Duration.ofSeconds(1), Duration.ofHours(1));
            long slots = integer("subscription.slots", 1, 0xFFFF_FFFFL);
            long subscriptionDuration = integer("subscription.duration", 1, 0xFFFF_FFFFL);
            long expiryDelta = integer("subscription.expiry-delta", 0, 100_000);
            int slotSize = (int) integer("subscription.slot-size", 256, 1 << 20);
            // 81 = tag + the smallest standard tx; 400,016 = tag + the largest standard tx (400,000 WU).
            int maxBlob = (int) integer("appointment.max-blob-bytes", 81, 400_016);
            int recentBlocks = (int) integer("watcher.recent-blocks", 1, 1_000);
            int irrevocable = (int) integer("responder.irrevocable-depth", 1, 100_000);
            int rebroadcast = (int) integer("responder.rebroadcast-after", 1, 1_000);
            int maxBatch = (int) integer("store.max-batch", 1, 100_000);
            if (!problems.isEmpty()) {
                return null;
            }
            return new VigilConfig(network, datadir, new VigilConfig.Api(bind, port),
                    new VigilConfig.Bitcoind(rpc, auth, timeout,
                            new VigilConfig.Retry(attempts, initialBackoff, maxBackoff)), new VigilConfig.Zmq(rawblock, sequence, maxMessage),
                    new VigilConfig.Chain(poll), new VigilConfig.Subscription(slots, subscriptionDuration, expiryDelta, slotSize),
                    new VigilConfig.Appointments(maxBlob), new VigilConfig.Watcher(recentBlocks),
                    new VigilConfig.Responder(irrevocable, rebroadcast), new VigilConfig.Store(maxBatch));
        }

        private void problem(String key, String message) {
            String origin = c.hasPathOrNull(key) ? origin(c.getValue(key)) : "";
            problems.add(new ConfigProblem(key, origin, message));
        }

        private String string(String key) {
            try {
                return c.getString(key);
            } catch (ConfigException e) {
                problem(key, "must be a string");
                return "";
            }
        }

        private String nonBlank(String key) {
            String s = string(key).trim();
            if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
                problem(key, "must be a host name or an address");
            }
            return s;
        }

        private long integer(String key, long min, long max) {
            long v;
            try {
                v = c.getLong(key);
            } catch (ConfigException e) {
                problem(key, "'" + raw(key) + "' is not a whole number; allowed range [" + min + ", " + max + "]");
                return min;
            }
            if (v < min || v > max) {
                problem(key, v + " is out of range [" + min + ", " + max + "]");
                return min;
            }
            return v;
        }

        private Duration duration(String key, Duration min, Duration max) {
            Duration d;
            try {
                d = c.getDuration(key);
            } catch (ConfigException e) {
                problem(key, "'" + raw(key) + "' is not a duration (e.g. 30s, 2m); allowed range [" + min + ", " + max + "]");
                return null;
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, d + " is out of range [" + min + ", " + max + "]");
                return null;
            }
            return d;
        }

        private String raw(String key) {
            return c.hasPathOrNull(key) ? String.valueOf(c.getValue(key).unwrapped()) : "";
        }

        private Network network() {
            String name = string("network");
            Optional<Network> n = Network.fromConfigName(name);
            if (n.isEmpty()) {
                problem("network", "'" + name + "' is not one of mainnet, testnet, signet, regtest");
                return null;
            }
            return n.get();
        }

        private HostPort rpc(Network network) {
            String text = string("bitcoind.rpc").trim();
            if (text.isEmpty()) {
                return network == null ? null : new HostPort("127.0.0.1", network.defaultRpcPort());
            }
            Optional<HostPort> hp = HostPort.parse(text);
            if (hp.isEmpty()) {
                problem("bitcoind.rpc", "'" + text + "' is not host:port with a port in [1, 65535]");
                return null;
            }
            return hp.get();
        }

        private RpcAuth auth(Network network, Path home) {
            String cookie = string("bitcoind.cookie").trim();
            String user = string("bitcoind.user");
            String password = string("bitcoind.password");
            boolean hasUser = !user.isEmpty() || !password.isEmpty();
            if (!cookie.isEmpty() && hasUser) {
                problem("bitcoind.cookie", "set either bitcoind.cookie or bitcoind.user and bitcoind.password, not both");
                return null;
            }
            if (hasUser) {
                if (user.isEmpty() || password.isEmpty()) {
                    problem(user.isEmpty() ? "bitcoind.user" : "bitcoind.password",
                            "bitcoind.user and bitcoind.password go together");
                    return null;
                }
                return new RpcAuth.UserPassword(user, password);
            }
            if (!cookie.isEmpty()) {
                return new RpcAuth.Cookie(expand(cookie, home));
            }
            if (network == null) {
                return null;
            }
            Path dir = home.resolve(".bitcoin");
            if (!network.dataSubdir().isEmpty()) {
                dir = dir.resolve(network.dataSubdir());
            }
            return new RpcAuth.Cookie(dir.resolve(".cookie"));
        }

        private URI zmqEndpoint(String key) {
            String text = string(key).trim();
            if (text.startsWith("ipc://") || text.startsWith("unix:")) {
                problem(key, "'" + text + "': JeroMQ cannot read bitcoind's ipc sockets; use tcp://127.0.0.1:PORT");
                return null;
            }
            try {
                URI u = new URI(text);
                if (!"tcp".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1 || u.getPort() > 65_535) {
                    problem(key, "'" + text + "' is not tcp://HOST:PORT with a port in [1, 65535]");
                    return null;
                }
                return u;
            } catch (URISyntaxException e) {
                problem(key, "'" + text + "' is not tcp://HOST:PORT");
                return null;
            }
        }
    }
}
