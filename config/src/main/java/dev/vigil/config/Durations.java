package dev.vigil.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How every duration setting and duration flag is written: HOCON's form ({@code 10s}, {@code 5m}, {@code 250ms},
 * {@code 1h}, {@code 10 seconds}; a bare number is milliseconds) or ISO-8601's ({@code PT10S}, {@code PT5M},
 * any case). One parser, so that {@code vigil.conf}, the environment and every command-line flag accept the same
 * text.
 */
public final class Durations {
    /** What an error message suggests. */
    public static final String EXAMPLES = "e.g. 10s, 5m, 250ms or PT10S";

    private Durations() {}

    /** {@code text} as a duration, or empty if it is neither form. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P") || t.toUpperCase(Locale.ROOT).startsWith("-P")) {
            try {
                return Optional.of(Duration.parse(t));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(ConfigFactory.parseMap(Map.of("d", t)).getDuration("d"));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }
}
