package dev.vigil.towerserver.store;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tables whose commits fail or take time on command, for tests of the callers' failure and latency
 * paths. An injected failure throws before the wrapped tables commit, so the engine discards the
 * batch and nothing of it remains: what a real failed commit means (docs/storage.md).
 */
final class FaultInjectingTables implements Tables {
    /** The switches, shared by a test and the tables it wraps; set from any thread. */
    static final class Faults {
        private final AtomicLong failures = new AtomicLong();
        private volatile long delayNanos;
        private volatile boolean failRecovery;

        /** Discarding a failed batch fails too, from now on: the store can only stop. */
        void failRecovery() {
            failRecovery = true;
        }

        /** The next {@code n} commits fail. */
        void failNextCommits(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0");
            }
            failures.set(n);
        }

        /** Every commit first waits {@code delay} on the store's thread (a slow disk); zero to stop. */
        void delayCommits(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay");
            }
            delayNanos = delay.toNanos();
        }
    }

    private final Tables tables;
    private final Faults faults;

    FaultInjectingTables(Tables tables, Faults faults) {
        this.tables = tables;
        this.faults = faults;
    }

    @Override
    public void commit() throws Exception {
        long delay = faults.delayNanos;
        if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        if (faults.failures.get() > 0 && faults.failures.getAndDecrement() > 0) {
            throw new IOException("injected commit failure");
        }
        tables.commit();
    }

    @Override
    public Table meta() {
        return tables.meta();
    }

    @Override
    public Table users() {
        return tables.users();
    }

    @Override
    public Table appointments() {
        return tables.appointments();
    }

    @Override
    public Table userLocators() {
        return tables.userLocators();
    }

    @Override
    public Table trackers() {
        return tables.trackers();
    }

    @Override
    public Table monitorUsers() {
        return tables.monitorUsers();
    }

    @Override
    public Table events() {
        return tables.events();
    }

    @Override
    public Table eventHeights() {
        return tables.eventHeights();
    }

    @Override
    public Table watches() {
        return tables.watches();
    }

    @Override
    public Table userWatches() {
        return tables.userWatches();
    }

    @Override
    public Table webhooks() {
        return tables.webhooks();
    }

    @Override
    public long mutations() {
        return tables.mutations();
    }

    @Override
    public void recover() throws Exception {
        if (faults.failRecovery) {
            throw new IOException("injected recovery failure");
        }
        tables.recover();
    }

    @Override
    public void close() throws Exception {
        tables.close();
    }
}
