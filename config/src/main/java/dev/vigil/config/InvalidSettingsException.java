package dev.vigil.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration record refused its values: every setting that is outside its range, by key, so that the
 * loader can report each one with where its value came from.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** One setting and what is wrong with it, e.g. {@code api.port}, {@code 70000 is out of range [0, 65535]}. */
    public record Violation(String key, String detail) {
        public Violation {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return key + ": " + detail;
        }
    }

    private final transient List<Violation> violations;

    InvalidSettingsException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
        if (this.violations.isEmpty()) {
            throw new IllegalArgumentException("no violation");
        }
    }

    public List<Violation> violations() {
        return violations;
    }
}
