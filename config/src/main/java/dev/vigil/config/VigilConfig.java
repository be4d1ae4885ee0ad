package dev.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The tower's whole configuration, typed and validated. Built by {@link ConfigLoader}; every value
 * here is already within its documented range (see {@code vigil.conf}).
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
        Store store) {

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
    }

    /** {@code api.*}: where the HTTP API listens ({@code port} 0 = any free port). */
    public record Api(String bind, int port) {
        public Api {
            Objects.requireNonNull(bind, "bind");
            Ranges.check("api.port", port, 0, 65_535);
        }
    }

    /** {@code bitcoind.*}: the node's JSON-RPC endpoint and credentials. */
    public record Bitcoind(HostPort rpc, RpcAuth auth, Duration timeout, Retry retry) {
        public Bitcoind {
            Objects.requireNonNull(rpc, "rpc");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(retry, "retry");
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
        public Zmq {
            Objects.requireNonNull(rawblock, "rawblock");
            Objects.requireNonNull(sequence, "sequence");
        }
    }

    /** {@code chain.*}: the safety poll. */
    public record Chain(Duration pollInterval) {
        public Chain {
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    /** {@code subscription.*}: what a registration grants (teos's model). */
    public record Subscription(long slots, long duration, long expiryDelta, int slotSize) {}

    /** {@code appointment.*}. */
    public record Appointments(int maxBlobBytes) {}

    /** {@code watcher.*}. */
    public record Watcher(int recentBlocks) {}

    /** {@code responder.*}. */
    public record Responder(int irrevocableDepth, int rebroadcastAfter) {}

    /** {@code store.*}. */
    public record Store(int maxBatch) {}
}
