package dev.vigil.towerserver.metrics;

import dev.vigil.towerserver.api.RequestObserver;
import dev.vigil.towerserver.responder.TrackerObserver;
import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.store.CommitTimer;
import dev.vigil.towerserver.watcher.BlockObserver;
import dev.vigil.towerserver.watcher.TowerCensus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tower's Prometheus registry and the observers the components are handed (docs/metrics.md lists
 * every series). Built before the components, so they can be given {@link #blocks()},
 * {@link #trackers()}, {@link #requests()} and {@link #commits()}; {@link #bind} then registers the
 * gauges over what the components publish, and {@link #start()} starts counting the tower thread's
 * state. Every gauge reads a published value (a volatile field or the {@link CensusSampler}'s last
 * count): a scrape never waits for the tower.
 */
public final class TowerMetrics implements AutoCloseable {
    /** How many blocks the status page's latency chart keeps. */
    public static final int RECENT_BLOCKS = 200;
    /** How many breaches the status page lists. */
    public static final int RECENT_BREACHES = 20;
    /** How often the tower thread's state is counted for the gauges. */
    public static final Duration CENSUS_EVERY = Duration.ofSeconds(1);

    /** Block processing: 1 ms to 10 s (a 4,000-transaction block at the tip takes tens of ms). */
    static final Duration[] BLOCK_BUCKETS = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    /** A group commit: 100 µs to 5 s (an fsync on a good disk is well under 10 ms). */
    static final Duration[] COMMIT_BUCKETS = millis(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 5000);

    /**
     * What the components publish for the gauges and the status page; every supplier reads a volatile
     * field and may be called on any thread.
     *
     * @param tip               the last block the tower processed
     * @param nodeBest          bitcoind's best block as the chain follower last saw it (0 before any walk)
     * @param bitcoindReachable whether bitcoind answered the last walk
     * @param zmqDelivering     whether ZMQ announces the blocks the RPC shows
     */
    public record Readings(LongSupplier tip, LongSupplier nodeBest, BooleanSupplier bitcoindReachable,
            BooleanSupplier zmqDelivering) {
        public Readings {
            Objects.requireNonNull(tip, "tip");
            Objects.requireNonNull(nodeBest, "nodeBest");
            Objects.requireNonNull(bitcoindReachable, "bitcoindReachable");
            Objects.requireNonNull(zmqDelivering, "zmqDelivering");
        }

        /** Blocks the tower is behind bitcoind's best block (0 when level, or before any walk). */
        public long lag() {
            return Math.max(0, nodeBest.getAsLong() - tip.getAsLong());
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final BlockLatencies latencies = new BlockLatencies(RECENT_BLOCKS);
    private final RecentBreaches breaches = new RecentBreaches(RECENT_BREACHES, System::currentTimeMillis);
    private final Timer blockTimer;
    private final Timer commitTimer;
    private volatile Readings readings;
    private volatile CensusSampler census;

    public TowerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        blockTimer = Timer.builder("vigil.block.processing")
                .description("Time from a connected block's parsed form in hand to its effects being durable")
                .serviceLevelObjectives(BLOCK_BUCKETS).register(registry);
        commitTimer = Timer.builder("vigil.store.commit")
                .description("Duration of one group commit of the store (a batch of operations made durable)")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
        FunctionCounter.builder("vigil.breaches", breaches, RecentBreaches::seen)
                .description("Breaches (revoked commitments seen on chain with a valid justice transaction) answered since start")
                .register(registry);
    }

    /** For the watcher: each block's processing time (histogram and the status page's chart). */
    public BlockObserver blocks() {
        return (height, transactions, found, nanos) -> {
            blockTimer.record(nanos, TimeUnit.NANOSECONDS);
            latencies.blockProcessed(height, transactions, found, nanos);
        };
    }

    /** For the responder: counts breaches and keeps the recent ones for the status page. */
    public TrackerObserver trackers() {
        return breaches;
    }

    /** For the API: requests by route and status. */
    public RequestObserver requests() {
        return (route, status, nanos) -> Timer.builder("vigil.http.requests")
                .description("Public API requests answered, by route (the route template, or other) and HTTP status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** For the store: each group commit's duration. */
    public CommitTimer commits() {
        return (nanos, operations) -> commitTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Registers the gauges over what the components publish, and the census of what the tower thread
     * owns ({@code count} runs on {@code tower}); counting starts with {@link #start()}.
     */
    public void bind(Readings published, Executor tower, Supplier<TowerCensus> count) {
        Objects.requireNonNull(published, "published");
        CensusSampler sampler = new CensusSampler(tower, count, CENSUS_EVERY);
        this.readings = published;
        this.census = sampler;
        gauge("vigil.chain.tip.height", "Height of the last block the tower processed", () -> published.tip().getAsLong());
        gauge("vigil.chain.lag.blocks", "Blocks between the tower's tip and bitcoind's best block as last seen", published::lag);
        gauge("vigil.bitcoind.up", "1 if bitcoind answered the last walk of the chain, else 0",
                () -> published.bitcoindReachable().getAsBoolean() ? 1 : 0);
        gauge("vigil.zmq.delivering", "1 unless bitcoind's RPC showed blocks that ZMQ never announced (see the log), else 0",
                () -> published.zmqDelivering().getAsBoolean() ? 1 : 0);
        gauge("vigil.users.registered", "Registered users (subscriptions not yet expired)", () -> sampler.latest().users());
        gauge("vigil.appointments.watched", "Appointments watched (stored and not yet triggered or expired)",
                () -> sampler.latest().appointments());
        gauge("vigil.responder.outbox.transactions", "Justice transactions not yet mined: to be (re)broadcast or in the mempool",
                () -> sampler.latest().outbox());
        for (TrackerState s : TrackerState.values()) {
            Gauge.builder("vigil.justice.transactions", () -> sampler.latest().trackers().get(s))
                    .description("Breaches being answered, by the state of their justice transaction")
                    .tag("state", s.label()).strongReference(true).register(registry);
        }
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    /** Starts counting the tower thread's state (after {@link #bind}). */
    public void start() {
        census().start();
    }

    /** The exposition: Prometheus' text format 0.0.4. Reads published values only. */
    public String scrape() {
        return registry.scrape();
    }

    Readings readings() {
        return Objects.requireNonNull(readings, "bind first");
    }

    CensusSampler census() {
        return Objects.requireNonNull(census, "bind first");
    }

    List<BlockLatencies.Point> recentBlocks() {
        return latencies.snapshot();
    }

    List<RecentBreaches.Entry> recentBreaches() {
        return breaches.snapshot();
    }

    long breachesSeen() {
        return breaches.seen();
    }

    @Override
    public void close() {
        CensusSampler c = census;
        if (c != null) {
            c.close();
        }
        gc.close();
        registry.close();
    }

    private static Duration[] millis(double... ms) {
        Duration[] out = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) {
            out[i] = Duration.ofNanos(Math.round(ms[i] * 1_000_000));
        }
        return out;
    }
}
