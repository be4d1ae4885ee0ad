package dev.vigil.towerserver.metrics;

import dev.vigil.towerserver.watcher.TowerCensus;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Counts what the tower thread owns (users, appointments, trackers), on that thread, every
 * {@code every}, and publishes the count as an immutable {@link TowerCensus}: the metrics' gauges read
 * {@link #latest()}, which is never older than {@code every} plus the tower thread's queue, and never
 * touch the tower's state themselves. {@link #fresh()} asks for a count now (the status page).
 *
 * <p>Threads: a scheduler thread of its own (a daemon) only submits the count to the tower thread;
 * the count runs there; the result is published through a volatile field.
 */
public final class CensusSampler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CensusSampler.class.getName());

    private final Executor tower;
    private final Supplier<TowerCensus> count;
    private final Duration every;
    private final ScheduledExecutorService scheduler;
    private volatile TowerCensus latest = TowerCensus.EMPTY;

    /** @param count runs on {@code tower} (the watcher's {@code census()}) */
    public CensusSampler(Executor tower, Supplier<TowerCensus> count, Duration every) {
        this.tower = Objects.requireNonNull(tower, "tower");
        this.count = Objects.requireNonNull(count, "count");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-census");
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts now and then every {@code every}, until {@link #close}. */
    public void start() {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                fresh();
            } catch (RuntimeException e) {
                // The tower thread is closing (its executor refuses work): the next close ends this.
                LOG.log(Level.DEBUG, "census not taken: " + e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last count published ({@link TowerCensus#EMPTY} before the first). Any thread, never blocks. */
    public TowerCensus latest() {
        return latest;
    }

    /** A count taken on the tower thread after what is queued there; it is published too. Never blocks. */
    public CompletionStage<TowerCensus> fresh() {
        return CompletableFuture.supplyAsync(count, tower).thenApply(c -> {
            latest = c;
            return c;
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
