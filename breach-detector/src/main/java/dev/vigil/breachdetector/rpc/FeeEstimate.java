package dev.vigil.breachdetector.rpc;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code estimatesmartfee}'s answer.
 *
 * @param satPerKvB the estimate in satoshis per 1000 virtual bytes; absent when bitcoind has no
 *                  data yet (then {@code errors} says so: "Insufficient data or no feerate found")
 * @param errors    bitcoind's errors, if any
 * @param blocks    the confirmation target the estimate is for
 */
public record FeeEstimate(OptionalLong satPerKvB, List<String> errors, int blocks) {
    public FeeEstimate {
        Objects.requireNonNull(satPerKvB, "satPerKvB");
        errors = List.copyOf(errors);
    }
}
