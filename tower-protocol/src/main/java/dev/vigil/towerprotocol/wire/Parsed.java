package dev.vigil.towerprotocol.wire;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of parsing a request or response body: the value, or the {@link ApiError} the API
 * answers with. Parsing never throws on bad input.
 */
public sealed interface Parsed<T> {
    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(ApiError error) implements Parsed<T> {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }

    default <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Invalid<>(((Invalid<T>) this).error());
    }

    /** The value; for tests and callers that already know the body is valid. */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        ApiError e = ((Invalid<T>) this).error();
        throw new IllegalArgumentException(e.code() + ": " + e.message());
    }
}
