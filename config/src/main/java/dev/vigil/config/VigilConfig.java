package dev.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tower's whole configuration, typed and validated. Built by {@link ConfigLoader}; every value
 * here is within its documented range (see {@code vigil.conf}): each record checks its own fields in its
 * compact constructor and throws {@link InvalidSettingsException} naming every key out of range.
 */
public record VigilConfig(
        Network network,
        Path datadir,
        Api api,
        Bitcoind bitcoind,
        Zmq zmq,
        Chain chain,
        Subscription subscription,
        Appointments appointment,
        Watcher watcher,
        Responder responder,
        Store store,
        Log log,
        Admin admin,
        MonitorSettings monitor) {

    public VigilConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(datadir, "datadir");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(bitcoind, "bitcoind");
        Objects.requireNonNull(zmq, "zmq");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(monitor, "monitor");
    }

    /** {@code api.*}: where the HTTP API listens ({@code port} 0 = any free port). */
    public record Api(String bind, int port) {
        static final Ranges.Whole PORT = new Ranges.Whole("api.port", 0, 65_535);

        public Api {
            Objects.requireNonNull(bind, "bind");
            new Ranges.Check()
                    .require(!bind.isBlank() && bind.chars().noneMatch(Character::isWhitespace), "api.bind",
                            "must be a host name or an address")
                    .whole(port, PORT)
                    .done();
        }
    }

    /**
     * {@code admin.*}: the operator's listener ({@code /health}, {@code /ready}), apart from the
     * public API so that it can stay on loopback when the API does not ({@code port} 0 = any free port).
     */
    public record Admin(String bind, int port) {
        static final Ranges.Whole PORT = new Ranges.Whole("admin.port", 0, 65_535);

        public Admin {
            Objects.requireNonNull(bind, "bind");
            new Ranges.Check()
                    .require(!bind.isBlank() && bind.chars().noneMatch(Character::isWhitespace), "admin.bind",
                            "must be a host name or an address")
                    .whole(port, PORT)
                    .done();
        }
    }

    /** {@code bitcoind.*}: the node's JSON-RPC endpoint and credentials. */
    public record Bitcoind(HostPort rpc, RpcAuth auth, Duration timeout, Retry retry) {
        static final Ranges.Span TIMEOUT = new Ranges.Span("bitcoind.timeout", Duration.ofSeconds(1), Duration.ofMinutes(10));

        public Bitcoind {
            Objects.requireNonNull(rpc, "rpc");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(retry, "retry");
            new Ranges.Check().span(timeout, TIMEOUT).done();
        }
    }

    /**
     * {@code bitcoind.retry.*}: how a broadcast rides out a node's hiccup (connection refused, 401
     * while the cookie is rewritten, 503 work queue full, -28 warming up): up to {@code attempts}
     * tries, waiting {@code initialBackoff}, then twice as long each time up to {@code maxBackoff}.
     * Chain following does not use it: a failed walk is retried whole by the chain monitor.
     */
    public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (attempts < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need attempts >= 1 and initialBackoff <= maxBackoff");
            }
        }
    }

    /** {@code zmq.*}: bitcoind's publishers (tcp:// only). */
    public record Zmq(URI rawblock, URI sequence, int maxMessageBytes) {
        static final Ranges.Whole MAX_MESSAGE_BYTES = new Ranges.Whole("zmq.max-message-bytes", 4L << 20, 256L << 20);

        public Zmq {
            Objects.requireNonNull(rawblock, "rawblock");
            Objects.requireNonNull(sequence, "sequence");
            new Ranges.Check().whole(maxMessageBytes, MAX_MESSAGE_BYTES).done();
        }
    }

    /** {@code chain.*}: the safety poll. */
    public record Chain(Duration pollInterval) {
        static final Ranges.Span POLL_INTERVAL = new Ranges.Span("chain.poll-interval", Duration.ofSeconds(1), Duration.ofHours(1));

        public Chain {
            new Ranges.Check().span(pollInterval, POLL_INTERVAL).done();
        }
    }

    /**
     * {@code subscription.*}: what a registration grants (teos's model). Slots and duration are 32-bit unsigned
     * on the wire.
     */
    public record Subscription(long slots, long duration, long expiryDelta, int slotSize) {
        static final Ranges.Whole SLOTS = new Ranges.Whole("subscription.slots", 1, 0xFFFF_FFFFL);
        static final Ranges.Whole DURATION = new Ranges.Whole("subscription.duration", 1, 0xFFFF_FFFFL);
        static final Ranges.Whole EXPIRY_DELTA = new Ranges.Whole("subscription.expiry-delta", 0, 100_000);
        static final Ranges.Whole SLOT_SIZE = new Ranges.Whole("subscription.slot-size", 256, 1 << 20);

        public Subscription {
            new Ranges.Check().whole(slots, SLOTS).whole(duration, DURATION).whole(expiryDelta, EXPIRY_DELTA)
                    .whole(slotSize, SLOT_SIZE).done();
        }
    }

    /** {@code appointment.*}. */
    public record Appointments(int maxBlobBytes) {
        // 81 = tag + the smallest standard tx; 400,016 = tag + the largest standard tx (400,000 WU).
        static final Ranges.Whole MAX_BLOB_BYTES = new Ranges.Whole("appointment.max-blob-bytes", 81, 400_016);

        public Appointments {
            new Ranges.Check().whole(maxBlobBytes, MAX_BLOB_BYTES).done();
        }
    }

    /** {@code watcher.*}. */
    public record Watcher(int recentBlocks) {
        static final Ranges.Whole RECENT_BLOCKS = new Ranges.Whole("watcher.recent-blocks", 1, 1_000);

        public Watcher {
            new Ranges.Check().whole(recentBlocks, RECENT_BLOCKS).done();
        }
    }

    /** {@code responder.*}. */
    public record Responder(int irrevocableDepth, int rebroadcastAfter) {
        static final Ranges.Whole IRREVOCABLE_DEPTH = new Ranges.Whole("responder.irrevocable-depth", 1, 100_000);
        static final Ranges.Whole REBROADCAST_AFTER = new Ranges.Whole("responder.rebroadcast-after", 1, 1_000);

        public Responder {
            new Ranges.Check().whole(irrevocableDepth, IRREVOCABLE_DEPTH).whole(rebroadcastAfter, REBROADCAST_AFTER)
                    .done();
        }
    }

    /** {@code store.*}. */
    public record Store(int maxBatch) {
        static final Ranges.Whole MAX_BATCH = new Ranges.Whole("store.max-batch", 1, 100_000);

        public Store {
            new Ranges.Check().whole(maxBatch, MAX_BATCH).done();
        }
    }

    /**
     * {@code log.*}: where the log goes and how it looks (docs/operations.md, "Logs"). The console always
     * gets it; {@code file}, if set, too, rotated by size: at {@code maxSize} bytes the file becomes
     * {@code <file>.1} (the older ones shift up) and at most {@code files} files are kept, the live one
     * included. An operator's own {@code -Djava.util.logging.config.file} takes precedence over all of it.
     */
    public record Log(Optional<Path> file, long maxSize, int files, Format format, Level level) {
        static final Ranges.Whole MAX_SIZE = new Ranges.Whole("log.max-size", 1_024, 1L << 30);
        static final Ranges.Whole FILES = new Ranges.Whole("log.files", 1, 1_000);

        public Log {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(level, "level");
            new Ranges.Check().whole(maxSize, MAX_SIZE).whole(files, FILES).done();
        }

        /** {@code log.format}: one line of text per event, or one JSON object per line. */
        public enum Format {
            TEXT, JSON;

            /** The value as written in the configuration ({@code text}, {@code json}). */
            public String configName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** {@code log.level}: the least severe events logged. */
        public enum Level {
            ERROR, WARN, INFO, DEBUG, TRACE;

            /** The value as written in the configuration ({@code info}). */
            public String configName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * {@code monitor.*}: channel monitoring (docs/monitoring.md; the keys and defaults are its section 7.5). Each
     * part is the record of one {@code monitor.<part>.*} block, so that a component is handed the part it uses.
     * Lists are sets: their order and repeats carry no meaning, and each list is kept in the order its values
     * are reached ({@code reportedDepths} ascending, {@code expiryWarnings} descending).
     *
     * @param enabled {@code monitor.enabled}: false = no {@code /monitor} routes and no events (section 5)
     * @param irrevocableDepth {@code monitor.irrevocable-depth}: the depth at which a spent watch is deleted and its
     *     slot refunded (1.3); the reader defaults it to {@code responder.irrevocable-depth}
     */
    public record MonitorSettings(boolean enabled, int irrevocableDepth, Watches watches, Users users, Events events,
            Justice justice, Deadline deadline, SubscriptionWarnings subscription, Streams streams, Challenges challenges,
            Webhooks webhooks) {
        static final Ranges.Whole IRREVOCABLE_DEPTH = new Ranges.Whole("monitor.irrevocable-depth", 1, 100_000);

        public MonitorSettings {
            Objects.requireNonNull(watches, "watches");
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(justice, "justice");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(subscription, "subscription");
            Objects.requireNonNull(streams, "streams");
            Objects.requireNonNull(challenges, "challenges");
            Objects.requireNonNull(webhooks, "webhooks");
            Ranges.Check check = new Ranges.Check().whole(irrevocableDepth, IRREVOCABLE_DEPTH);
            // 7.5: a reported depth lies strictly below the irrevocable depth (justice_irrevocable reports that one,
            // and the tracker is gone after it). Compared only with a depth in range, so a bad depth is reported once.
            if (IRREVOCABLE_DEPTH.outside(irrevocableDepth).isEmpty()) {
                for (int depth : justice.reportedDepths()) {
                    check.require(depth < irrevocableDepth, Justice.REPORTED_DEPTH.key(),
                            depth + " is not below " + IRREVOCABLE_DEPTH.key() + " (" + irrevocableDepth + ")");
                }
            }
            check.done();
        }

        /** A kind of watch (docs/monitoring.md 1.1). */
        public enum WatchKind {
            HINT, OUTPOINT;

            /** The value as written in the configuration ({@code hint}, {@code outpoint}). */
            public String configName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** {@code monitor.watches.*}: a user's cap (code 123) and the kinds taken (others get code 122). */
        public record Watches(int maxPerUser, Set<WatchKind> kinds) {
            static final Ranges.Whole MAX_PER_USER = new Ranges.Whole("monitor.watches.max-per-user", 1, 1_000_000);
            static final String KINDS = "monitor.watches.kinds";

            public Watches {
                kinds = Set.copyOf(kinds);
                new Ranges.Check().whole(maxPerUser, MAX_PER_USER).done();
            }
        }

        /**
         * {@code monitor.users.*}: the user ids refused monitoring (code 120), lowercase. Checked by form only (66 hex
         * digits, a compressed key's 02 or 03 first): this module does not depend on tower-protocol, whose
         * {@code UserId} would check the point.
         */
        public record Users(Set<String> deny) {
            static final String DENY = "monitor.users.deny";
            private static final Pattern USER_ID = Pattern.compile("0[23][0-9a-fA-F]{64}");

            public Users {
                Ranges.Check check = new Ranges.Check();
                for (String id : deny) {
                    check.require(USER_ID.matcher(id).matches(), DENY,
                            "'" + id + "' is not a user id (66 hex digits starting 02 or 03)");
                }
                check.done();
                deny = Set.copyOf(deny.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList());
            }
        }

        /** {@code monitor.events.*}: the per-user bounds of the event log (3.4). */
        public record Events(int maxPerUser, long maxBytesPerUser, int maxAgeBlocks) {
            static final Ranges.Whole MAX_PER_USER = new Ranges.Whole("monitor.events.max-per-user", 1, 1_000_000);
            // At least 256 KiB: one funding_spent carries a spending transaction of up to 64 KiB, as hex (2.4), and a
            // bound below one event would prune it as it is appended.
            static final Ranges.Whole MAX_BYTES_PER_USER =
                    new Ranges.Whole("monitor.events.max-bytes-per-user", 256L << 10, 1L << 30);
            static final Ranges.Whole MAX_AGE_BLOCKS = new Ranges.Whole("monitor.events.max-age-blocks", 1, 1_000_000);

            public Events {
                new Ranges.Check().whole(maxPerUser, MAX_PER_USER).whole(maxBytesPerUser, MAX_BYTES_PER_USER)
                        .whole(maxAgeBlocks, MAX_AGE_BLOCKS).done();
            }
        }

        /**
         * {@code monitor.justice.*}: the depths reported as {@code justice_depth} (2.1), ascending. Each is above 1
         * ({@code justice_confirmed} is depth 1); {@link MonitorSettings} checks that each is below its irrevocable
         * depth.
         */
        public record Justice(List<Integer> reportedDepths) {
            static final Ranges.Whole REPORTED_DEPTH =
                    new Ranges.Whole("monitor.justice.reported-depths", 2, IRREVOCABLE_DEPTH.max() - 1);

            public Justice {
                new Ranges.Check().each(reportedDepths, REPORTED_DEPTH).done();
                reportedDepths = List.copyOf(new TreeSet<>(reportedDepths));
            }
        }

        /**
         * {@code monitor.deadline.*}: {@code deadline_at_risk} fires {@code warnBlocks} before the deadline (2.5).
         * Above a channel's {@code to_self_delay} it comes with the breach, which is allowed (7.5); the cap is
         * BOLT 2's largest {@code to_self_delay} (a u16).
         */
        public record Deadline(int warnBlocks) {
            static final Ranges.Whole WARN_BLOCKS = new Ranges.Whole("monitor.deadline.warn-blocks", 1, 65_535);

            public Deadline {
                new Ranges.Check().whole(warnBlocks, WARN_BLOCKS).done();
            }
        }

        /**
         * {@code monitor.subscription.*}: {@code slots_low} below {@code lowSlots} and {@code subscription_expiring}
         * at each of {@code expiryWarnings} blocks left, descending (2.1). Both are 32-bit unsigned on the wire, as
         * slots and durations are.
         */
        public record SubscriptionWarnings(long lowSlots, List<Long> expiryWarnings) {
            static final Ranges.Whole LOW_SLOTS = new Ranges.Whole("monitor.subscription.low-slots", 1, 0xFFFF_FFFFL);
            static final Ranges.Whole EXPIRY_WARNING =
                    new Ranges.Whole("monitor.subscription.expiry-warnings", 1, 0xFFFF_FFFFL);

            public SubscriptionWarnings {
                new Ranges.Check().whole(lowSlots, LOW_SLOTS).each(expiryWarnings, EXPIRY_WARNING).done();
                TreeSet<Long> descending = new TreeSet<>(Comparator.reverseOrder());
                descending.addAll(expiryWarnings);
                expiryWarnings = List.copyOf(descending);
            }
        }

        /** {@code monitor.streams.*}: the SSE limits (code 128 beyond them), heartbeat and write stall (5.3). */
        public record Streams(int maxPerUser, int max, Duration heartbeat, Duration writeStall) {
            static final Ranges.Whole MAX_PER_USER = new Ranges.Whole("monitor.streams.max-per-user", 1, 1_000);
            static final Ranges.Whole MAX = new Ranges.Whole("monitor.streams.max", 1, 1_000_000);
            static final Ranges.Span HEARTBEAT =
                    new Ranges.Span("monitor.streams.heartbeat", Duration.ofSeconds(1), Duration.ofMinutes(5));
            static final Ranges.Span WRITE_STALL =
                    new Ranges.Span("monitor.streams.write-stall", Duration.ofSeconds(1), Duration.ofHours(1));

            public Streams {
                new Ranges.Check().whole(maxPerUser, MAX_PER_USER).whole(max, MAX).span(heartbeat, HEARTBEAT)
                        .span(writeStall, WRITE_STALL).done();
            }
        }

        /** {@code monitor.challenges.*}: how long a stream challenge lives and how many are held (5.2). */
        public record Challenges(Duration ttl, int max) {
            static final Ranges.Span TTL = new Ranges.Span("monitor.challenges.ttl", Duration.ofSeconds(1), Duration.ofHours(1));
            static final Ranges.Whole MAX = new Ranges.Whole("monitor.challenges.max", 1, 1_000_000);

            public Challenges {
                new Ranges.Check().span(ttl, TTL).whole(max, MAX).done();
            }
        }

        /**
         * {@code monitor.webhooks.*} (5.2, 5.4): after the n-th failed attempt the courier waits
         * {@code min(backoffInitial × 2^(n-1), backoffMax)}, and gives an event up after {@code maxAge}, which is
         * therefore at least {@code backoffMax} (7.5: else an event could be given up before its next attempt).
         * {@code backoffMax} is not below {@code backoffInitial}, as for {@code bitcoind.retry.*}.
         */
        public record Webhooks(boolean enabled, boolean allowHttp, boolean allowPrivateTargets, Duration timeout,
                Duration backoffInitial, Duration backoffMax, Duration maxAge) {
            static final Ranges.Span TIMEOUT =
                    new Ranges.Span("monitor.webhooks.timeout", Duration.ofSeconds(1), Duration.ofMinutes(5));
            static final Ranges.Span BACKOFF_INITIAL =
                    new Ranges.Span("monitor.webhooks.backoff-initial", Duration.ofMillis(100), Duration.ofHours(1));
            static final Ranges.Span BACKOFF_MAX =
                    new Ranges.Span("monitor.webhooks.backoff-max", Duration.ofMillis(100), Duration.ofDays(1));
            static final Ranges.Span MAX_AGE =
                    new Ranges.Span("monitor.webhooks.max-age", Duration.ofSeconds(1), Duration.ofDays(30));

            public Webhooks {
                Ranges.Check check = ranges(timeout, backoffInitial, backoffMax, maxAge);
                // Compared only when both are in range, so that a value out of range is reported once.
                if (BACKOFF_INITIAL.contains(backoffInitial) && BACKOFF_MAX.contains(backoffMax)) {
                    check.require(backoffMax.compareTo(backoffInitial) >= 0, BACKOFF_MAX.key(),
                            "must not be shorter than " + BACKOFF_INITIAL.key() + " (" + backoffInitial + ")");
                }
                if (BACKOFF_MAX.contains(backoffMax) && MAX_AGE.contains(maxAge)) {
                    check.require(maxAge.compareTo(backoffMax) >= 0, MAX_AGE.key(),
                            "must not be shorter than " + BACKOFF_MAX.key() + " (" + backoffMax + ")");
                }
                check.done();
            }

            /** The durations' own ranges, without their order (for a reader that could not read one of them). */
            static Ranges.Check ranges(Duration timeout, Duration backoffInitial, Duration backoffMax, Duration maxAge) {
                return new Ranges.Check().span(timeout, TIMEOUT).span(backoffInitial, BACKOFF_INITIAL)
                        .span(backoffMax, BACKOFF_MAX).span(maxAge, MAX_AGE);
            }
        }
    }
}
