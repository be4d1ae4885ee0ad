package dev.vigil.breachdetector.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How one RPC call retries transient failures: connection refused or reset, timeouts, HTTP 401
 * (after re-reading the cookie), HTTP 503 "Work queue depth exceeded" and RPC_IN_WARMUP. The
 * delay doubles from {@code initialBackoff} up to {@code maxBackoff}. After {@code maxAttempts} the
 * call returns {@link RpcResult.Unavailable}; "never give up" (DESIGN §3) is the chain follower's
 * job, which tries again on its next doorbell or poll.
 *
 * @param maxAttempts    attempts per call, at least 1
 * @param initialBackoff the first delay
 * @param maxBackoff     the largest delay
 * @param requestTimeout how long one HTTP exchange may take (bitcoind's own -rpcservertimeout is 30 s)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
        Duration requestTimeout) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(250),
            Duration.ofSeconds(5), Duration.ofSeconds(60));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    /** The delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
