package dev.vigil.vigilapp.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's timeline on stdout: one line per event, the time since the demo started on the left
 * ({@code   +0.412 s  appointment accepted: ...}). The tower's own log stays on stderr.
 */
final class Timeline {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Timeline(PrintStream out) {
        this.out = out;
    }

    void event(String what) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.println(String.format(Locale.ROOT, "%10s  %s", String.format(Locale.ROOT, "+%.3f s", seconds), what));
        out.flush();
    }

    /** An amount in satoshis, with thousands separators: {@code 897,330 sat}. */
    static String sat(long amount) {
        return String.format(Locale.ROOT, "%,d sat", amount);
    }

    /** The first bytes of an id, enough to recognise it in the log: {@code 4a1f09c2…}. */
    static String shortHex(String hex) {
        return hex.substring(0, 8) + "…";
    }
}
