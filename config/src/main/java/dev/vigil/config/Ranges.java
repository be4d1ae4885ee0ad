package dev.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The allowed range of each numeric setting, with its key, so that a record's compact constructor and the
 * reader's "not a number" message say the same thing. A record checks all its fields before it throws, so that
 * every bad value is reported at once ({@link InvalidSettingsException}).
 */
final class Ranges {
    private Ranges() {}

    /** A whole-number setting {@code key} in {@code [min, max]}. */
    record Whole(String key, long min, long max) {
        Whole {
            Objects.requireNonNull(key, "key");
            if (min > max) {
                throw new IllegalArgumentException("empty range for " + key);
            }
        }

        /** Why {@code value} is not allowed, if it is not. */
        Optional<String> outside(long value) {
            return value < min || value > max ? Optional.of(value + " is out of range " + this) : Optional.empty();
        }

        @Override
        public String toString() {
            return "[" + min + ", " + max + "]";
        }
    }

    /** A duration setting {@code key} in {@code [min, max]}. */
    record Span(String key, Duration min, Duration max) {
        Span {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("empty range for " + key);
            }
        }

        /** Whether {@code value} is allowed. */
        boolean contains(Duration value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return "[" + min + ", " + max + "]";
        }
    }

    /** Collects the violations of one record's fields, then throws them together. */
    static final class Check {
        private final List<InvalidSettingsException.Violation> violations = new ArrayList<>();

        Check whole(long value, Whole range) {
            range.outside(value).ifPresent(detail -> violations.add(new InvalidSettingsException.Violation(range.key(), detail)));
            return this;
        }

        /** Each of a list setting's values in {@code range} (whose key is the list's). */
        Check each(Collection<? extends Number> values, Whole range) {
            values.forEach(v -> whole(v.longValue(), range));
            return this;
        }

        Check span(Duration value, Span range) {
            Objects.requireNonNull(value, range.key());
            if (!range.contains(value)) {
                violations.add(new InvalidSettingsException.Violation(range.key(), value + " is out of range " + range));
            }
            return this;
        }

        Check require(boolean holds, String key, String detail) {
            if (!holds) {
                violations.add(new InvalidSettingsException.Violation(key, detail));
            }
            return this;
        }

        void done() {
            if (!violations.isEmpty()) {
                throw new InvalidSettingsException(violations);
            }
        }
    }
}
