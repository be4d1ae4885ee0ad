package dev.vigil.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.vigil.config.VigilConfig.MonitorSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the layered configuration into {@link VigilConfig}: each value is parsed into its type, then each record
 * checks its own ranges. Every value that does not parse and every {@link InvalidSettingsException} violation
 * becomes a {@link ConfigProblem} naming the key and where the value came from, and reading goes on, so that all
 * problems are reported at once. A value that does not parse stands in as its range's minimum, so that it is
 * reported once, not again as out of range.
 */
final class VigilConfigReader {
    /**
     * The operator's limits on {@code bitcoind.retry.*}. They are checked here, not in {@link VigilConfig.Retry},
     * because code builds that record too (tests retry without waiting).
     */
    static final Ranges.Whole RETRY_ATTEMPTS = new Ranges.Whole("bitcoind.retry.attempts", 1, 100);
    static final Ranges.Span RETRY_INITIAL_BACKOFF =
            new Ranges.Span("bitcoind.retry.initial-backoff", Duration.ofMillis(10), Duration.ofMinutes(1));
    static final Ranges.Span RETRY_MAX_BACKOFF =
            new Ranges.Span("bitcoind.retry.max-backoff", Duration.ofMillis(10), Duration.ofMinutes(10));

    /** Stand-ins for a value already reported as a problem, so that its record still checks the others. */
    private static final HostPort UNREAD_RPC = new HostPort("127.0.0.1", 1);
    private static final RpcAuth UNREAD_AUTH = new RpcAuth.UserPassword("unread", "");
    private static final VigilConfig.Retry UNREAD_RETRY = new VigilConfig.Retry(1, Duration.ZERO, Duration.ZERO);
    private static final URI UNREAD_ZMQ = URI.create("tcp://127.0.0.1:1");
    private static final MonitorSettings.Watches UNREAD_WATCHES = new MonitorSettings.Watches(1, Set.of());
    private static final MonitorSettings.Users UNREAD_USERS = new MonitorSettings.Users(Set.of());
    private static final MonitorSettings.Events UNREAD_EVENTS = new MonitorSettings.Events(1, 256L << 10, 1);
    private static final MonitorSettings.Justice UNREAD_JUSTICE = new MonitorSettings.Justice(List.of());
    private static final MonitorSettings.Deadline UNREAD_DEADLINE = new MonitorSettings.Deadline(1);
    private static final MonitorSettings.SubscriptionWarnings UNREAD_SUBSCRIPTION =
            new MonitorSettings.SubscriptionWarnings(1, List.of());
    private static final MonitorSettings.Streams UNREAD_STREAMS =
            new MonitorSettings.Streams(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final MonitorSettings.Challenges UNREAD_CHALLENGES = new MonitorSettings.Challenges(Duration.ofSeconds(1), 1);
    private static final MonitorSettings.Webhooks UNREAD_WEBHOOKS = new MonitorSettings.Webhooks(false, false, false,
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final Config c;
    private final List<ConfigProblem> problems;

    /** @param problems where every problem goes; those of the earlier layers may already be in it */
    VigilConfigReader(Config c, List<ConfigProblem> problems) {
        this.c = Objects.requireNonNull(c, "c");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    ConfigResult read(Path home) {
        Optional<Network> network = network();
        Path datadir = ConfigSources.expand(string("datadir"), home);
        Optional<VigilConfig.Api> api = build(() -> new VigilConfig.Api(string("api.bind").trim(),
                wholeInt(VigilConfig.Api.PORT)));
        Optional<VigilConfig.Admin> admin = build(() -> new VigilConfig.Admin(string("admin.bind").trim(),
                wholeInt(VigilConfig.Admin.PORT)));
        HostPort rpc = rpc(network).orElse(UNREAD_RPC);
        RpcAuth auth = auth(network, home).orElse(UNREAD_AUTH);
        Duration timeout = duration(VigilConfig.Bitcoind.TIMEOUT);
        VigilConfig.Retry retry = retry().orElse(UNREAD_RETRY);
        Optional<VigilConfig.Bitcoind> bitcoind = build(() -> new VigilConfig.Bitcoind(rpc, auth, timeout, retry));
        URI rawblock = zmqEndpoint("zmq.rawblock").orElse(UNREAD_ZMQ);
        URI sequence = zmqEndpoint("zmq.sequence").orElse(UNREAD_ZMQ);
        int maxMessage = wholeInt(VigilConfig.Zmq.MAX_MESSAGE_BYTES);
        Optional<VigilConfig.Zmq> zmq = build(() -> new VigilConfig.Zmq(rawblock, sequence, maxMessage));
        Optional<VigilConfig.Chain> chain = build(() -> new VigilConfig.Chain(duration(VigilConfig.Chain.POLL_INTERVAL)));
        Optional<VigilConfig.Subscription> subscription = build(() -> new VigilConfig.Subscription(
                whole(VigilConfig.Subscription.SLOTS), whole(VigilConfig.Subscription.DURATION),
                whole(VigilConfig.Subscription.EXPIRY_DELTA), wholeInt(VigilConfig.Subscription.SLOT_SIZE)));
        Optional<VigilConfig.Appointments> appointments = build(
                () -> new VigilConfig.Appointments(wholeInt(VigilConfig.Appointments.MAX_BLOB_BYTES)));
        Optional<VigilConfig.Watcher> watcher = build(
                () -> new VigilConfig.Watcher(wholeInt(VigilConfig.Watcher.RECENT_BLOCKS)));
        Optional<VigilConfig.Responder> responder = build(() -> new VigilConfig.Responder(
                wholeInt(VigilConfig.Responder.IRREVOCABLE_DEPTH), wholeInt(VigilConfig.Responder.REBROADCAST_AFTER)));
        Optional<VigilConfig.Store> store = build(() -> new VigilConfig.Store(wholeInt(VigilConfig.Store.MAX_BATCH)));
        Optional<VigilConfig.Log> log = log(home);
        Optional<MonitorSettings> monitor = monitor(responder);
        if (!problems.isEmpty()) {
            return new ConfigResult.Invalid(problems);
        }
        // No problem: every part was read and built, and no stand-in was used.
        return new ConfigResult.Loaded(new VigilConfig(network.orElseThrow(), datadir, api.orElseThrow(),
                bitcoind.orElseThrow(), zmq.orElseThrow(), chain.orElseThrow(), subscription.orElseThrow(),
                appointments.orElseThrow(), watcher.orElseThrow(), responder.orElseThrow(), store.orElseThrow(),
                log.orElseThrow(), admin.orElseThrow(), monitor.orElseThrow()));
    }

    /** {@code log.*}: an empty file is the console only; names are case-insensitive. */
    private Optional<VigilConfig.Log> log(Path home) {
        String file = string("log.file").trim();
        long maxSize = bytes(VigilConfig.Log.MAX_SIZE);
        int files = wholeInt(VigilConfig.Log.FILES);
        Optional<VigilConfig.Log.Format> format = named("log.format", VigilConfig.Log.Format.class);
        Optional<VigilConfig.Log.Level> level = named("log.level", VigilConfig.Log.Level.class);
        return build(() -> new VigilConfig.Log(file.isEmpty() ? Optional.empty() : Optional.of(ConfigSources.expand(file, home)),
                maxSize, files, format.orElse(VigilConfig.Log.Format.TEXT), level.orElse(VigilConfig.Log.Level.INFO)))
                .filter(l -> format.isPresent() && level.isPresent());
    }

    /**
     * {@code monitor.*} (docs/monitoring.md 7.5). Each part is built on its own, so that each reports its problems;
     * a part that failed stands in as a valid one for the whole's own check (the reported depths against the
     * irrevocable depth), and the whole is empty after any problem.
     */
    private Optional<MonitorSettings> monitor(Optional<VigilConfig.Responder> responder) {
        int start = problems.size();
        boolean enabled = bool("monitor.enabled");
        int depth = monitorDepth(responder);
        List<MonitorSettings.WatchKind> kinds = namedEach(MonitorSettings.Watches.KINDS, MonitorSettings.WatchKind.class);
        Optional<MonitorSettings.Watches> watches = build(() -> new MonitorSettings.Watches(
                wholeInt(MonitorSettings.Watches.MAX_PER_USER), Set.copyOf(kinds)));
        List<String> deny = items(MonitorSettings.Users.DENY);
        Optional<MonitorSettings.Users> users = build(() -> new MonitorSettings.Users(Set.copyOf(deny)));
        Optional<MonitorSettings.Events> events = build(() -> new MonitorSettings.Events(
                wholeInt(MonitorSettings.Events.MAX_PER_USER), bytes(MonitorSettings.Events.MAX_BYTES_PER_USER),
                wholeInt(MonitorSettings.Events.MAX_AGE_BLOCKS)));
        Optional<MonitorSettings.Justice> justice = build(() -> new MonitorSettings.Justice(reportedDepths(depth)));
        Optional<MonitorSettings.Deadline> deadline = build(
                () -> new MonitorSettings.Deadline(wholeInt(MonitorSettings.Deadline.WARN_BLOCKS)));
        Optional<MonitorSettings.SubscriptionWarnings> subscription = build(() -> new MonitorSettings.SubscriptionWarnings(
                whole(MonitorSettings.SubscriptionWarnings.LOW_SLOTS),
                wholes(MonitorSettings.SubscriptionWarnings.EXPIRY_WARNING)));
        Optional<MonitorSettings.Streams> streams = build(() -> new MonitorSettings.Streams(
                wholeInt(MonitorSettings.Streams.MAX_PER_USER), wholeInt(MonitorSettings.Streams.MAX),
                duration(MonitorSettings.Streams.HEARTBEAT), duration(MonitorSettings.Streams.WRITE_STALL)));
        Optional<MonitorSettings.Challenges> challenges = build(() -> new MonitorSettings.Challenges(
                duration(MonitorSettings.Challenges.TTL), wholeInt(MonitorSettings.Challenges.MAX)));
        Optional<MonitorSettings.Webhooks> webhooks = webhooks();
        return build(() -> new MonitorSettings(enabled, depth, watches.orElse(UNREAD_WATCHES), users.orElse(UNREAD_USERS),
                events.orElse(UNREAD_EVENTS), justice.orElse(UNREAD_JUSTICE), deadline.orElse(UNREAD_DEADLINE),
                subscription.orElse(UNREAD_SUBSCRIPTION), streams.orElse(UNREAD_STREAMS),
                challenges.orElse(UNREAD_CHALLENGES), webhooks.orElse(UNREAD_WEBHOOKS)))
                .filter(m -> problems.size() == start);
    }

    /**
     * {@code monitor.irrevocable-depth}: empty = the responder's (1.3). A depth not read (its own, or the
     * responder's) stands in as the largest allowed, which no reported depth reaches, so that it is reported once.
     */
    private int monitorDepth(Optional<VigilConfig.Responder> responder) {
        Ranges.Whole range = MonitorSettings.IRREVOCABLE_DEPTH;
        int unread = Math.toIntExact(range.max());
        if (c.hasPath(range.key()) && c.getValue(range.key()).valueType() == ConfigValueType.STRING
                && c.getString(range.key()).isBlank()) {
            return responder.map(VigilConfig.Responder::irrevocableDepth).orElse(unread);
        }
        int before = problems.size();
        int depth = wholeInt(range);
        return problems.size() > before ? unread : depth;
    }

    /**
     * {@code monitor.justice.reported-depths}. The template's {@code [6]} must not refuse a tower whose irrevocable
     * depth is 6 or less (the e2e scenarios' towers): there a default depth that the penalty never reaches before
     * it is irrevocable is left out, as the responder's depth-6 line is skipped (docs/operations.md, "Logs"). A
     * depth the operator sets is checked against the irrevocable depth by {@link MonitorSettings}.
     */
    private List<Integer> reportedDepths(int irrevocableDepth) {
        Ranges.Whole range = MonitorSettings.Justice.REPORTED_DEPTH;
        List<Integer> depths = new ArrayList<>();
        for (long d : wholes(range)) {
            if (d != (int) d) {
                // As in wholeInt: the range lies within int, so a value outside int is outside the range.
                problem(range.key(), range.outside(d).orElseThrow());
            } else {
                depths.add((int) d);
            }
        }
        return fromTemplate(range.key()) ? depths.stream().filter(d -> d < irrevocableDepth).toList() : depths;
    }

    /**
     * {@code monitor.webhooks.*}. As for {@code bitcoind.retry.*}: after a duration that does not parse, the others
     * are checked against their ranges only, since their order against a stand-in would mean nothing.
     */
    private Optional<MonitorSettings.Webhooks> webhooks() {
        int start = problems.size();
        boolean enabled = bool("monitor.webhooks.enabled");
        boolean allowHttp = bool("monitor.webhooks.allow-http");
        boolean allowPrivate = bool("monitor.webhooks.allow-private-targets");
        int beforeDurations = problems.size();
        Duration timeout = duration(MonitorSettings.Webhooks.TIMEOUT);
        Duration initial = duration(MonitorSettings.Webhooks.BACKOFF_INITIAL);
        Duration max = duration(MonitorSettings.Webhooks.BACKOFF_MAX);
        Duration maxAge = duration(MonitorSettings.Webhooks.MAX_AGE);
        if (problems.size() > beforeDurations) {
            build(() -> {
                MonitorSettings.Webhooks.ranges(timeout, initial, max, maxAge).done();
                return timeout;
            });
        }
        return problems.size() > start ? Optional.empty()
                : build(() -> new MonitorSettings.Webhooks(enabled, allowHttp, allowPrivate, timeout, initial, max, maxAge));
    }

    /** The constant of {@code type} that {@code key} names, case-insensitively; a problem listing them otherwise. */
    private <E extends Enum<E>> Optional<E> named(String key, Class<E> type) {
        return constant(key, string(key).trim(), type);
    }

    /** The constants of {@code type} that the list {@code key} names; each other item is a problem. */
    private <E extends Enum<E>> List<E> namedEach(String key, Class<E> type) {
        return items(key).stream().flatMap(item -> constant(key, item, type).stream()).toList();
    }

    private <E extends Enum<E>> Optional<E> constant(String key, String text, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return Optional.of(e);
            }
        }
        problem(key, "'" + text + "' is not one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        return Optional.empty();
    }

    /** Builds one record; each range it refuses becomes a problem. */
    private <T> Optional<T> build(Supplier<T> record) {
        try {
            return Optional.of(record.get());
        } catch (InvalidSettingsException e) {
            e.violations().forEach(v -> problem(v.key(), v.detail()));
            return Optional.empty();
        }
    }

    /** Empty after a problem; the backoffs are compared only when both were read and are in range. */
    private Optional<VigilConfig.Retry> retry() {
        int start = problems.size();
        int attempts = wholeInt(RETRY_ATTEMPTS);
        int beforeBackoffs = problems.size();
        Duration initialBackoff = duration(RETRY_INITIAL_BACKOFF);
        Duration maxBackoff = duration(RETRY_MAX_BACKOFF);
        build(() -> {
            new Ranges.Check().span(initialBackoff, RETRY_INITIAL_BACKOFF).span(maxBackoff, RETRY_MAX_BACKOFF).done();
            return maxBackoff;
        });
        if (problems.size() == beforeBackoffs && maxBackoff.compareTo(initialBackoff) < 0) {
            problem(RETRY_MAX_BACKOFF.key(), "must not be shorter than " + RETRY_INITIAL_BACKOFF.key() + " ("
                    + initialBackoff.toMillis() + " ms)");
        }
        return problems.size() > start ? Optional.empty()
                : build(() -> new VigilConfig.Retry(attempts, initialBackoff, maxBackoff));
    }

    private void problem(String key, String message) {
        String origin = c.hasPathOrNull(key) ? ConfigSources.origin(c.getValue(key)) : "";
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

    private boolean bool(String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            problem(key, "'" + raw(key) + "' is not true or false");
            return false;
        }
    }

    /**
     * The items of a list setting: a HOCON list ({@code [a, b]}), or one text of items separated by commas, brackets
     * optional ({@code a, b} or {@code [a,b]}), which is how a variable or a flag gives a list; an empty text is the
     * empty list, and a lone number or word a list of one. Each item that is not a single value is a problem.
     */
    private List<String> items(String key) {
        if (!c.hasPath(key)) {
            problem(key, "must be a list, e.g. [a, b], or a, b in a variable or a flag");
            return List.of();
        }
        ConfigValue value = c.getValue(key);
        List<String> items = new ArrayList<>();
        if (value instanceof ConfigList list) {
            for (ConfigValue item : list) {
                if (item.valueType() == ConfigValueType.STRING || item.valueType() == ConfigValueType.NUMBER) {
                    items.add(String.valueOf(item.unwrapped()).trim());
                } else {
                    problem(key, "'" + item.render() + "' is not a single value");
                }
            }
            return items;
        }
        if (value.valueType() != ConfigValueType.STRING && value.valueType() != ConfigValueType.NUMBER) {
            problem(key, "'" + raw(key) + "' is not a list, e.g. [a, b], or a, b in a variable or a flag");
            return List.of();
        }
        String text = String.valueOf(value.unwrapped()).trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (text.isEmpty()) {
            return List.of();
        }
        boolean empty = false;
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                empty = true;
            } else {
                items.add(item.trim());
            }
        }
        if (empty) {
            problem(key, "'" + raw(key) + "' has an empty item");
        }
        return items;
    }

    /** The whole numbers of the list {@code range.key()}; each item that is not one is a problem, in {@link #whole}'s words. */
    private List<Long> wholes(Ranges.Whole range) {
        List<Long> values = new ArrayList<>();
        for (String item : items(range.key())) {
            try {
                values.add(Long.parseLong(item));
            } catch (NumberFormatException e) {
                problem(range.key(), "'" + item + "' is not a whole number; allowed range " + range);
            }
        }
        return values;
    }

    /** Whether {@code key}'s value is the template's, not one the operator set. */
    private boolean fromTemplate(String key) {
        return c.hasPathOrNull(key) && ConfigLoader.TEMPLATE_RESOURCE.equals(c.getValue(key).origin().resource());
    }

    private long bytes(Ranges.Whole range) {
        return typed(range.key(), c::getBytes, "is not a size (e.g. 10MB, 512KiB)", range, range.min());
    }

    private long whole(Ranges.Whole range) {
        return typed(range.key(), c::getLong, "is not a whole number", range, range.min());
    }

    /**
     * A whole number for an {@code int} field. The record checks the range, but it would only see the value
     * after narrowing (2^32 + 256 would pass as 256), so a value that does not fit an int is reported here, in
     * the record's words; its minimum stands in after a problem.
     */
    private int wholeInt(Ranges.Whole range) {
        long value = whole(range);
        if (value != (int) value) {
            // Every int setting's range lies within int, so a value outside int is outside the range.
            problem(range.key(), range.outside(value).orElseThrow());
            return Math.toIntExact(range.min());
        }
        return (int) value;
    }

    private Duration duration(Ranges.Span range) {
        return typed(range.key(), this::durationAt, "is not a duration (" + Durations.EXAMPLES + ")", range, range.min());
    }

    /** HOCON's duration ({@code 30s}, a number of milliseconds), else ISO-8601's ({@code PT30S}): {@link Durations}. */
    private Duration durationAt(String key) {
        try {
            return c.getDuration(key);
        } catch (ConfigException e) {
            return Durations.parse(raw(key)).orElseThrow(() -> e);
        }
    }

    /** The value of {@code key} as {@code get} reads it, or {@code fallback} after a problem naming the range. */
    private <T> T typed(String key, Function<String, T> get, String notA, Object range, T fallback) {
        try {
            return get.apply(key);
        } catch (ConfigException e) {
            problem(key, "'" + raw(key) + "' " + notA + "; allowed range " + range);
            return fallback;
        }
    }

    private String raw(String key) {
        return c.hasPathOrNull(key) ? String.valueOf(c.getValue(key).unwrapped()) : "";
    }

    private Optional<Network> network() {
        String name = string("network");
        Optional<Network> n = Network.fromConfigName(name);
        if (n.isEmpty()) {
            problem("network", "'" + name + "' is not one of " + Network.configNames());
        }
        return n;
    }

    private Optional<HostPort> rpc(Optional<Network> network) {
        String text = string("bitcoind.rpc").trim();
        if (text.isEmpty()) {
            return network.map(n -> new HostPort("127.0.0.1", n.defaultRpcPort()));
        }
        Optional<HostPort> hp = HostPort.parse(text);
        if (hp.isEmpty()) {
            problem("bitcoind.rpc", "'" + text + "' is not host:port with a port in [1, 65535]");
        }
        return hp;
    }

    private Optional<RpcAuth> auth(Optional<Network> network, Path home) {
        String cookie = string("bitcoind.cookie").trim();
        String user = string("bitcoind.user");
        String password = string("bitcoind.password");
        boolean hasUser = !user.isEmpty() || !password.isEmpty();
        if (!cookie.isEmpty() && hasUser) {
            problem("bitcoind.cookie", "set either bitcoind.cookie or bitcoind.user and bitcoind.password, not both");
            return Optional.empty();
        }
        if (hasUser) {
            if (user.isEmpty() || password.isEmpty()) {
                problem(user.isEmpty() ? "bitcoind.user" : "bitcoind.password",
                        "bitcoind.user and bitcoind.password go together");
                return Optional.empty();
            }
            return Optional.of(new RpcAuth.UserPassword(user, password));
        }
        if (!cookie.isEmpty()) {
            return Optional.of(new RpcAuth.Cookie(ConfigSources.expand(cookie, home)));
        }
        return network.map(n -> {
            Path dir = home.resolve(".bitcoin");
            if (!n.dataSubdir().isEmpty()) {
                dir = dir.resolve(n.dataSubdir());
            }
            return new RpcAuth.Cookie(dir.resolve(".cookie"));
        });
    }

    private Optional<URI> zmqEndpoint(String key) {
        String text = string(key).trim();
        if (text.startsWith("ipc://") || text.startsWith("unix:")) {
            problem(key, "'" + text + "': JeroMQ cannot read bitcoind's ipc sockets; use tcp://127.0.0.1:PORT");
            return Optional.empty();
        }
        try {
            URI u = new URI(text);
            if (!"tcp".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1 || u.getPort() > 65_535) {
                problem(key, "'" + text + "' is not tcp://HOST:PORT with a port in [1, 65535]");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            problem(key, "'" + text + "' is not tcp://HOST:PORT");
            return Optional.empty();
        }
    }
}
