package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.notify.NotificationListener;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.notify.SequenceLabel;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the {@link ChainFollower} on its own thread whenever the chain may have moved: at start, on
 * every ZMQ doorbell (a block notification or a "reconcile now" signal from the sequence tracker),
 * and on a periodic safety poll for when ZMQ is silent (DESIGN §3). Doorbells that ring while a
 * reconcile is running collapse into one more run afterwards, so a burst of 500 notifications costs
 * a handful of walks, and none is lost.
 *
 * <p>When bitcoind cannot answer, or the listener fails, the walk is retried with exponential
 * backoff (from {@code 100 ms}, capped at the poll interval) and never given up.
 *
 * <p>Threading: {@link #onEvent} is called on the ZMQ thread and only schedules; everything else
 * runs on the monitor's single thread ({@code vigil-chain}), which owns the follower.
 */
public final class ChainMonitor implements NotificationListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChainMonitor.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    private final ChainFollower follower;
    private final Duration pollInterval;
    private final Consumer<ReconcileOutcome> observer;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean rung = new AtomicBoolean();
    private volatile boolean closed;
    private Duration nextRetry = FIRST_RETRY;
    private ScheduledFuture<?> retry;

    /**
     * @param observer told every outcome on the monitor's thread (logging, metrics, tests); must not block
     */
    public ChainMonitor(ChainFollower follower, Duration pollInterval, Consumer<ReconcileOutcome> observer) {
        this.follower = Objects.requireNonNull(follower, "follower");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.observer = Objects.requireNonNull(observer, "observer");
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-chain");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reconciles now, then on every doorbell and every {@code pollInterval}. */
    public void start() {
        ring();
        long ms = pollInterval.toMillis();
        thread.scheduleWithFixedDelay(this::ring, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Asks for a reconcile; never blocks. Rings while one is queued are merged. */
    public void ring() {
        if (rung.compareAndSet(false, true)) {
            try {
                thread.execute(this::reconcile);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                rung.set(false);
            }
        }
    }

    @Override
    public void onEvent(NotifierEvent event) {
        if (event instanceof ReconcileNeeded || event instanceof Notification.RawBlock || event instanceof Notification.HashBlock
                || event instanceof Notification.Sequence s
                        && (s.label() == SequenceLabel.BLOCK_CONNECTED || s.label() == SequenceLabel.BLOCK_DISCONNECTED)) {
            ring();
        }
    }

    private void reconcile() {
        rung.set(false);
        if (closed) {
            return;
        }
        ReconcileOutcome outcome;
        try {
            outcome = follower.reconcile();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a chain listener failed; the block will be delivered again", e);
            scheduleRetry();
            return;
        }
        observer.accept(outcome);
        if (outcome instanceof ReconcileOutcome.SourceUnavailable u) {
            LOG.log(Level.WARNING, "bitcoind unavailable, retrying in " + nextRetry.toMillis() + " ms: " + u.reason());
            scheduleRetry();
            return;
        }
        if (outcome instanceof ReconcileOutcome.TipUnknownToNode t) {
            LOG.log(Level.ERROR, "bitcoind does not know the tower's tip " + t.tip()
                    + ": is it the same network and datadir? Following is paused until it does.");
            scheduleRetry();
            return;
        }
        nextRetry = FIRST_RETRY;
        if (outcome instanceof ReconcileOutcome.Advanced) {
            // The node may have moved on during the walk; one more cheap pass confirms we are at its tip.
            ring();
        }
    }

    private void scheduleRetry() {
        if (retry != null && !retry.isDone()) {
            return;
        }
        long ms = nextRetry.toMillis();
        nextRetry = nextRetry.multipliedBy(2).compareTo(pollInterval) > 0 ? pollInterval : nextRetry.multipliedBy(2);
        retry = thread.schedule(this::ring, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops now: queued walks are dropped and the walk in progress is interrupted (an RPC retry
     * sleeping on an unreachable node would otherwise run out its backoff, tens of seconds). An
     * interrupted walk saves nothing it did not finish: the next start resumes from the stored tip.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the chain thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
