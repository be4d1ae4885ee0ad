package dev.vigil.clientsdk;

import java.time.Duration;
import java.util.Objects;

/**
 * The optional sender thread of a {@link TowerClient} ({@link TowerClient#startBackgroundSender}):
 * one daemon thread that calls {@link TowerClient#flush()} soon after each new appointment and every
 * interval while anything deliverable waits. A flush still honours each tower's backoff, so an
 * unreachable tower is not hammered. {@link #close()} stops the thread and waits for it (at most
 * one flush, bounded by the transport's timeouts).
 */
public final class BackgroundSender implements AutoCloseable {
    private final TowerClient client;
    private final long intervalMillis;
    private final SdkLog log;
    private Thread thread; // set by start(), before any other call
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean stopped;

    BackgroundSender(TowerClient client, Duration interval, SdkLog log) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive: " + interval);
        }
        this.intervalMillis = interval.toMillis();
        this.log = log;
    }

    void start() {
        thread = new Thread(this::run, "vigil-sdk-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called after an appointment is stored: flush soon. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!stopped) {
            synchronized (signal) {
                woken = false; // what was stored before this flush is in it; only later appointments wake the wait
            }
            try {
                if (client.hasDeliverable()) {
                    client.flush();
                }
            } catch (RuntimeException e) {
                // A port that threw (a wallet's transport or store): report it, and wait for the
                // interval or the next appointment as after any flush, never retry at once.
                log.log(SdkLog.Level.WARN, "background flush failed: " + e);
            }
            try {
                synchronized (signal) {
                    if (!woken && !stopped) {
                        signal.wait(intervalMillis);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        wake();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the thread still stops after its current flush
        }
        client.senderStopped(this);
    }
}
