package dev.vigil.e2e.scenarios;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting: poll a condition every few milliseconds until a deadline, never a blind sleep. */
final class Await {
    /** Generous: a wait that hits it means the tower never did the thing, not that it was slow. */
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {}

    /** Waits until {@code condition} holds; fails the test with {@code what} after {@link #DEFAULT}. */
    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
