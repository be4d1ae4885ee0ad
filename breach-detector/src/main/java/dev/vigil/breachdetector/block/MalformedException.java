package dev.vigil.breachdetector.block;

/**
 * Internal signal that the bytes being parsed are malformed; turned into a
 * {@link ParseResult.Malformed} at the public boundary and never thrown out of this package. It
 * carries no stack trace: hostile input must be cheap to reject.
 */
final class MalformedException extends Exception {
    private final int offset;

    MalformedException(String reason, int offset) {
        super(reason, null, false, false);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }

    <T> ParseResult<T> toResult() {
        return new ParseResult.Malformed<>(getMessage(), offset);
    }
}
