package dev.vigil.config;

import dev.vigil.config.VigilConfig.MonitorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every configuration key with its variable and flag written out, a value other than its default, and where the
 * typed configuration carries it: the table of the full-mapping tests (this module's through file, variable and
 * flag; the command line's through {@code vigil run}'s flags). The names are the operator's interface, so they are
 * spelled here rather than derived.
 */
public final class ConfigKeyMapping {
    private ConfigKeyMapping() {
    }

    /**
     * One key: its variable and flag, a non-default value, other keys that must come with it, where the typed
     * configuration carries it and what it must be there (given the home directory).
     */
    public record Setting(String key, String env, String flag, String value, Map<String, String> with,
            Function<VigilConfig, Object> read, Function<Path, Object> expected) {
    }

    private static Setting setting(String key, String env, String flag, String value, Function<VigilConfig, Object> read,
            Object expected) {
        return new Setting(key, env, flag, value, Map.of(), read, home -> expected);
    }

    /** The row of {@code key}. */
    public static Setting forKey(String key) {
        return SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    /** The configuration {@code result} holds; fails the test with every problem if it is invalid. */
    public static VigilConfig valid(ConfigResult result) {
        if (result instanceof ConfigResult.Invalid invalid) {
            throw new AssertionError("expected a valid config, got " + invalid.problems());
        }
        return ((ConfigResult.Loaded) result).config();
    }

    /** The setting's own value and those of the keys that must come with it, by key. */
    public static Map<String, String> values(Setting s) {
        Map<String, String> values = new LinkedHashMap<>(s.with());
        values.put(s.key(), s.value());
        return values;
    }

    public static final List<Setting> SETTINGS = List.of(
            setting("network", "VIGIL_NETWORK", "network", "signet", VigilConfig::network, Network.SIGNET),
            new Setting("datadir", "VIGIL_DATADIR", "datadir", "~/towerdata", Map.of(), VigilConfig::datadir,
                    home -> home.resolve("towerdata")),
            setting("api.bind", "VIGIL_API_BIND", "api-bind", "0.0.0.0", c -> c.api().bind(), "0.0.0.0"),
            setting("api.port", "VIGIL_API_PORT", "api-port", "9999", c -> c.api().port(), 9999),
            setting("admin.bind", "VIGIL_ADMIN_BIND", "admin-bind", "::1", c -> c.admin().bind(), "::1"),
            setting("admin.port", "VIGIL_ADMIN_PORT", "admin-port", "9998", c -> c.admin().port(), 9998),
            setting("bitcoind.rpc", "VIGIL_BITCOIND_RPC", "bitcoind-rpc", "10.0.0.2:8332", c -> c.bitcoind().rpc(),
                    new HostPort("10.0.0.2", 8332)),
            new Setting("bitcoind.cookie", "VIGIL_BITCOIND_COOKIE", "bitcoind-cookie", "~/btc/.cookie", Map.of(),
                    c -> c.bitcoind().auth(), home -> new RpcAuth.Cookie(home.resolve("btc/.cookie"))),
            new Setting("bitcoind.user", "VIGIL_BITCOIND_USER", "bitcoind-user", "alice",
                    Map.of("bitcoind.password", "pw"), c -> c.bitcoind().auth(),
                    home -> new RpcAuth.UserPassword("alice", "pw")),
            new Setting("bitcoind.password", "VIGIL_BITCOIND_PASSWORD", "bitcoind-password", "s3cret",
                    Map.of("bitcoind.user", "vigil"), c -> c.bitcoind().auth(),
                    home -> new RpcAuth.UserPassword("vigil", "s3cret")),
            setting("bitcoind.timeout", "VIGIL_BITCOIND_TIMEOUT", "bitcoind-timeout", "45s", c -> c.bitcoind().timeout(),
                    Duration.ofSeconds(45)),
            setting("bitcoind.retry.attempts", "VIGIL_BITCOIND_RETRY_ATTEMPTS", "bitcoind-retry-attempts", "9",
                    c -> c.bitcoind().retry().attempts(), 9),
            setting("bitcoind.retry.initial-backoff", "VIGIL_BITCOIND_RETRY_INITIAL_BACKOFF",
                    "bitcoind-retry-initial-backoff", "1s", c -> c.bitcoind().retry().initialBackoff(), Duration.ofSeconds(1)),
            setting("bitcoind.retry.max-backoff", "VIGIL_BITCOIND_RETRY_MAX_BACKOFF", "bitcoind-retry-max-backoff", "7s",
                    c -> c.bitcoind().retry().maxBackoff(), Duration.ofSeconds(7)),
            setting("zmq.rawblock", "VIGIL_ZMQ_RAWBLOCK", "zmq-rawblock", "tcp://10.0.0.2:29000", c -> c.zmq().rawblock(),
                    URI.create("tcp://10.0.0.2:29000")),
            setting("zmq.sequence", "VIGIL_ZMQ_SEQUENCE", "zmq-sequence", "tcp://10.0.0.2:29001", c -> c.zmq().sequence(),
                    URI.create("tcp://10.0.0.2:29001")),
            setting("zmq.max-message-bytes", "VIGIL_ZMQ_MAX_MESSAGE_BYTES", "zmq-max-message-bytes", "16777216",
                    c -> c.zmq().maxMessageBytes(), 16_777_216),
            setting("chain.poll-interval", "VIGIL_CHAIN_POLL_INTERVAL", "chain-poll-interval", "2m",
                    c -> c.chain().pollInterval(), Duration.ofMinutes(2)),
            setting("subscription.slots", "VIGIL_SUBSCRIPTION_SLOTS", "subscription-slots", "20000",
                    c -> c.subscription().slots(), 20_000L),
            setting("subscription.duration", "VIGIL_SUBSCRIPTION_DURATION", "subscription-duration", "1000",
                    c -> c.subscription().duration(), 1_000L),
            setting("subscription.expiry-delta", "VIGIL_SUBSCRIPTION_EXPIRY_DELTA", "subscription-expiry-delta", "12",
                    c -> c.subscription().expiryDelta(), 12L),
            setting("subscription.slot-size", "VIGIL_SUBSCRIPTION_SLOT_SIZE", "subscription-slot-size", "4096",
                    c -> c.subscription().slotSize(), 4_096),
            setting("appointment.max-blob-bytes", "VIGIL_APPOINTMENT_MAX_BLOB_BYTES", "appointment-max-blob-bytes", "1000",
                    c -> c.appointment().maxBlobBytes(), 1_000),
            setting("watcher.recent-blocks", "VIGIL_WATCHER_RECENT_BLOCKS", "watcher-recent-blocks", "20",
                    c -> c.watcher().recentBlocks(), 20),
            setting("responder.irrevocable-depth", "VIGIL_RESPONDER_IRREVOCABLE_DEPTH", "responder-irrevocable-depth",
                    "144", c -> c.responder().irrevocableDepth(), 144),
            setting("responder.rebroadcast-after", "VIGIL_RESPONDER_REBROADCAST_AFTER", "responder-rebroadcast-after",
                    "5", c -> c.responder().rebroadcastAfter(), 5),
            setting("store.max-batch", "VIGIL_STORE_MAX_BATCH", "store-max-batch", "64", c -> c.store().maxBatch(), 64),
            new Setting("log.file", "VIGIL_LOG_FILE", "log-file", "~/logs/vigil.log", Map.of(), c -> c.log().file(),
                    home -> java.util.Optional.of(home.resolve("logs/vigil.log"))),
            setting("log.max-size", "VIGIL_LOG_MAX_SIZE", "log-max-size", "2MiB", c -> c.log().maxSize(), 2L << 20),
            setting("log.files", "VIGIL_LOG_FILES", "log-files", "9", c -> c.log().files(), 9),
            setting("log.format", "VIGIL_LOG_FORMAT", "log-format", "json", c -> c.log().format(), VigilConfig.Log.Format.JSON),
            setting("log.level", "VIGIL_LOG_LEVEL", "log-level", "DEBUG", c -> c.log().level(), VigilConfig.Log.Level.DEBUG),
            setting("monitor.enabled", "VIGIL_MONITOR_ENABLED", "monitor-enabled", "false", c -> c.monitor().enabled(), false),
            setting("monitor.irrevocable-depth", "VIGIL_MONITOR_IRREVOCABLE_DEPTH", "monitor-irrevocable-depth", "50",
                    c -> c.monitor().irrevocableDepth(), 50),
            setting("monitor.watches.max-per-user", "VIGIL_MONITOR_WATCHES_MAX_PER_USER", "monitor-watches-max-per-user",
                    "20", c -> c.monitor().watches().maxPerUser(), 20),
            setting("monitor.watches.kinds", "VIGIL_MONITOR_WATCHES_KINDS", "monitor-watches-kinds", "hint",
                    c -> c.monitor().watches().kinds(), Set.of(MonitorSettings.WatchKind.HINT)),
            // Upper case in, lower case kept: user ids are compared as the wire writes them.
            setting("monitor.users.deny", "VIGIL_MONITOR_USERS_DENY", "monitor-users-deny", "03" + "AB".repeat(32),
                    c -> c.monitor().users().deny(), Set.of("03" + "ab".repeat(32))),
            setting("monitor.events.max-per-user", "VIGIL_MONITOR_EVENTS_MAX_PER_USER", "monitor-events-max-per-user",
                    "500", c -> c.monitor().events().maxPerUser(), 500),
            setting("monitor.events.max-bytes-per-user", "VIGIL_MONITOR_EVENTS_MAX_BYTES_PER_USER",
                    "monitor-events-max-bytes-per-user", "8MiB", c -> c.monitor().events().maxBytesPerUser(), 8L << 20),
            setting("monitor.events.max-age-blocks", "VIGIL_MONITOR_EVENTS_MAX_AGE_BLOCKS", "monitor-events-max-age-blocks",
                    "1008", c -> c.monitor().events().maxAgeBlocks(), 1_008),
            setting("monitor.justice.reported-depths", "VIGIL_MONITOR_JUSTICE_REPORTED_DEPTHS",
                    "monitor-justice-reported-depths", "12, 3", c -> c.monitor().justice().reportedDepths(), List.of(3, 12)),
            setting("monitor.deadline.warn-blocks", "VIGIL_MONITOR_DEADLINE_WARN_BLOCKS", "monitor-deadline-warn-blocks",
                    "12", c -> c.monitor().deadline().warnBlocks(), 12),
            setting("monitor.subscription.low-slots", "VIGIL_MONITOR_SUBSCRIPTION_LOW_SLOTS",
                    "monitor-subscription-low-slots", "50", c -> c.monitor().subscription().lowSlots(), 50L),
            setting("monitor.subscription.expiry-warnings", "VIGIL_MONITOR_SUBSCRIPTION_EXPIRY_WARNINGS",
                    "monitor-subscription-expiry-warnings", "[6,2016,288]", c -> c.monitor().subscription().expiryWarnings(),
                    List.of(2_016L, 288L, 6L)),
            setting("monitor.streams.max-per-user", "VIGIL_MONITOR_STREAMS_MAX_PER_USER", "monitor-streams-max-per-user",
                    "2", c -> c.monitor().streams().maxPerUser(), 2),
            setting("monitor.streams.max", "VIGIL_MONITOR_STREAMS_MAX", "monitor-streams-max", "500",
                    c -> c.monitor().streams().max(), 500),
            setting("monitor.streams.heartbeat", "VIGIL_MONITOR_STREAMS_HEARTBEAT", "monitor-streams-heartbeat", "30s",
                    c -> c.monitor().streams().heartbeat(), Duration.ofSeconds(30)),
            setting("monitor.streams.write-stall", "VIGIL_MONITOR_STREAMS_WRITE_STALL", "monitor-streams-write-stall", "2m",
                    c -> c.monitor().streams().writeStall(), Duration.ofMinutes(2)),
            setting("monitor.challenges.ttl", "VIGIL_MONITOR_CHALLENGES_TTL", "monitor-challenges-ttl", "PT30S",
                    c -> c.monitor().challenges().ttl(), Duration.ofSeconds(30)),
            setting("monitor.challenges.max", "VIGIL_MONITOR_CHALLENGES_MAX", "monitor-challenges-max", "100",
                    c -> c.monitor().challenges().max(), 100),
            setting("monitor.webhooks.enabled", "VIGIL_MONITOR_WEBHOOKS_ENABLED", "monitor-webhooks-enabled", "false",
                    c -> c.monitor().webhooks().enabled(), false),
            setting("monitor.webhooks.allow-http", "VIGIL_MONITOR_WEBHOOKS_ALLOW_HTTP", "monitor-webhooks-allow-http", "true",
                    c -> c.monitor().webhooks().allowHttp(), true),
            setting("monitor.webhooks.allow-private-targets", "VIGIL_MONITOR_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
                    "monitor-webhooks-allow-private-targets", "true", c -> c.monitor().webhooks().allowPrivateTargets(), true),
            setting("monitor.webhooks.timeout", "VIGIL_MONITOR_WEBHOOKS_TIMEOUT", "monitor-webhooks-timeout", "20s",
                    c -> c.monitor().webhooks().timeout(), Duration.ofSeconds(20)),
            setting("monitor.webhooks.backoff-initial", "VIGIL_MONITOR_WEBHOOKS_BACKOFF_INITIAL",
                    "monitor-webhooks-backoff-initial", "1s", c -> c.monitor().webhooks().backoffInitial(), Duration.ofSeconds(1)),
            setting("monitor.webhooks.backoff-max", "VIGIL_MONITOR_WEBHOOKS_BACKOFF_MAX", "monitor-webhooks-backoff-max",
                    "2h", c -> c.monitor().webhooks().backoffMax(), Duration.ofHours(2)),
            setting("monitor.webhooks.max-age", "VIGIL_MONITOR_WEBHOOKS_MAX_AGE", "monitor-webhooks-max-age", "96h",
                    c -> c.monitor().webhooks().maxAge(), Duration.ofHours(96)));
}
