package dev.vigil.breachdetector.rpc;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one RPC call. Expected outcomes are values: bitcoind answering with an error
 * ({@link Failed}) is routine for a watchtower (a rejected broadcast, an unknown block), and so is
 * bitcoind being unreachable for a while ({@link Unavailable}).
 *
 * @param <T> the result type
 */
public sealed interface RpcResult<T> permits RpcResult.Ok, RpcResult.Failed, RpcResult.Unavailable {

    /** bitcoind answered with a result. */
    record Ok<T>(T value) implements RpcResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** bitcoind answered with a JSON-RPC error. */
    record Failed<T>(RpcError error) implements RpcResult<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * No usable answer after the retries the policy allows.
     *
     * @param reason what kind of failure the last attempt had
     * @param detail what happened, for the log (never credentials)
     */
    record Unavailable<T>(Reason reason, String detail) implements RpcResult<T> {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a call had no usable answer. */
    enum Reason {
        /** Connection refused, reset or timed out. */
        CONNECTION,
        /** HTTP 401 (or the cookie file could not be read). */
        UNAUTHORIZED,
        /** HTTP 503 "Work queue depth exceeded", or RPC_IN_WARMUP. */
        BUSY,
        /** The answer was not a JSON-RPC response of the expected shape. */
        BAD_RESPONSE,
        /** The calling thread was interrupted while waiting or backing off. */
        INTERRUPTED
    }

    /** The same outcome with the result transformed. */
    @SuppressWarnings("unchecked")
    default <U> RpcResult<U> map(Function<? super T, ? extends U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return (RpcResult<U>) this; // Failed and Unavailable carry no T
    }

    /**
     * The value, or a checked {@link RpcCallException} carrying this outcome, for callers that
     * abort a whole walk on any failure (the chain follower).
     */
    default T orElseThrow() throws RpcCallException {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new RpcCallException(this);
    }
}
