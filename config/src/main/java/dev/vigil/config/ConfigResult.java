package dev.vigil.config;

import java.util.List;
import java.util.Objects;

/** The outcome of loading: a valid configuration, or every problem found (not just the first). */
public sealed interface ConfigResult {
    record Loaded(VigilConfig config) implements ConfigResult {
        public Loaded {
            Objects.requireNonNull(config, "config");
        }
    }

    record Invalid(List<ConfigProblem> problems) implements ConfigResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid configuration has at least one problem");
            }
        }
    }
}
