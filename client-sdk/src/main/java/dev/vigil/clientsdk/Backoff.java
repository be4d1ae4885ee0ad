package dev.vigil.clientsdk;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try an unreachable (or 503) tower again: exponential from {@code initial}, doubling per
 * consecutive failure up to {@code max}, with jitter in [d/2, d] so that many wallets that lost the
 * same tower at once do not come back in step ("equal jitter", AWS Architecture Blog, "Exponential
 * Backoff and Jitter", 2015).
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
    }

    /**
     * The delay after {@code failures} consecutive failures (at least 1), with {@code jitter} in [0, 1).
     */
    public long delayMillis(int failures, double jitter) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        long d = initial.toMillis();
        for (int i = 1; i < failures && d < max.toMillis(); i++) {
            d *= 2;
        }
        d = Math.min(d, max.toMillis());
        return d / 2 + (long) (jitter * (d - d / 2));
    }
}
