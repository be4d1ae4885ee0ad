package dev.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
        Admin admin) {

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
}
