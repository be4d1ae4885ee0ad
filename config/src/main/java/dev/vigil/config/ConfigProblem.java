package dev.vigil.config;

import java.util.Objects;

/** One invalid setting: the key, where its value came from, and what is allowed. */
public record ConfigProblem(String key, String origin, String message) {
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }

    /** One line for the operator, e.g. {@code api.port (command-line flags): 70000 is out of range [0, 65535]}. */
    @Override
    public String toString() {
        return key + (origin.isEmpty() ? "" : " (" + origin + ")") + ": " + message;
    }
}
