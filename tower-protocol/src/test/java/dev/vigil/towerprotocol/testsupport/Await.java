package dev.vigil.towerprotocol.testsupport;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting for what another thread makes true, for every module's tests: a test asserts the
 * outcome it waits for, never sleeps a fixed time and hopes.
 *
 * <p>The condition is checked at once, then again after pauses that grow from 1 ms to
 * {@link #MAX_PAUSE} (a condition that holds quickly is seen quickly, one that takes seconds costs a
 * few dozen checks, never a busy spin), and one last time at the deadline. Past the deadline the
 * test fails with what it waited for, how long, and, where given, the value last seen. An exception
 * from the condition fails the test at once; an interrupt fails it too, with the interrupt flag kept.
 *
 * <p>The bound is generous on purpose ({@link #DEFAULT}): a shared two-core machine may deschedule a
 * test for a while, and a wait that runs out must mean "it never happened", not "it was slow".
 */
public final class Await {
    /** The default bound: long enough that running out means the thing never happened. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    /** The longest pause between two checks. */
    public static final Duration MAX_PAUSE = Duration.ofMillis(20);

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} after {@link #DEFAULT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        poll(what, timeout, condition, () -> "");
    }

    /**
     * Waits until {@code actual} supplies a value equal to {@code expected} (e.g. the number of
     * transactions sent); fails after {@code timeout} with the expected and the last value seen.
     */
    public static <T> void untilEquals(String what, Duration timeout, T expected, Supplier<? extends T> actual) {
        Objects.requireNonNull(actual, "actual");
        Object[] last = new Object[1];
        poll(what, timeout, () -> {
            last[0] = actual.get();
            return Objects.equals(expected, last[0]);
        }, () -> ": expected " + expected + ", last seen " + last[0]);
    }

    private static void poll(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        Objects.requireNonNull(what, "what");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pauseNanos = Duration.ofMillis(1).toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + format(Duration.ofNanos(System.nanoTime() - start))
                        + " (bound " + format(timeout) + ") waiting for " + what + detail.get());
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pauseNanos, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            pauseNanos = Math.min(pauseNanos * 2, MAX_PAUSE.toNanos());
        }
    }

    private static String format(Duration d) {
        return d.toMillis() < 1_000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}
