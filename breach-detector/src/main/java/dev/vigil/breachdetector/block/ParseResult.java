package dev.vigil.breachdetector.block;

import java.util.Objects;

/**
 * The outcome of parsing untrusted bytes: either the value or why the bytes are not a valid
 * serialization. Malformed input is an expected outcome (a hostile peer, a bad blob), so it is a
 * value here, not an exception.
 *
 * @param <T> what was parsed
 */
public sealed interface ParseResult<T> permits ParseResult.Ok, ParseResult.Malformed {

    /** The bytes parsed into {@code value}. */
    record Ok<T>(T value) implements ParseResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The bytes are not a valid serialization.
     *
     * @param reason what is wrong, in words
     * @param offset the byte offset at which the problem was found
     */
    record Malformed<T>(String reason, int offset) implements ParseResult<T> {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0: " + offset);
            }
        }

        @Override
        public String toString() {
            return "malformed at byte " + offset + ": " + reason;
        }
    }

    /**
     * The parsed value, for callers that hold data already validated elsewhere (bitcoind's own
     * blocks, test fixtures).
     *
     * @throws IllegalArgumentException naming the problem if the bytes were malformed
     */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalArgumentException(toString());
    }
}
