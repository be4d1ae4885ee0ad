package dev.vigil.e2e.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a scenario observed (heights, txids, timings), printed and appended to
 * {@code e2e/target/scenario-report.txt} (failsafe runs in the module's directory). The file is
 * started afresh by the first scenario of a JVM. Timings are reported, never asserted.
 */
final class ScenarioReport {
    private static final Path FILE = Path.of("target", "scenario-report.txt");
    private static boolean started;

    private final String title;
    private final long startNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    ScenarioReport(String title) {
        this.title = title;
    }

    /** Adds a line prefixed with the time since the scenario started. */
    void note(String line) {
        lines.add(String.format(Locale.ROOT, "  [%6.2f s] %s", (System.nanoTime() - startNanos) / 1e9, line));
    }

    /** Prints the section and appends it to the report file. */
    void finish() {
        List<String> section = new ArrayList<>();
        section.add(title + String.format(Locale.ROOT, " (%.2f s)", (System.nanoTime() - startNanos) / 1e9));
        section.addAll(lines);
        section.forEach(System.out::println);
        write(section);
    }

    private static synchronized void write(List<String> section) {
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                Files.writeString(FILE, "Vigil tower scenarios against the devnet (e2e scenarios package)\n\n", StandardCharsets.UTF_8);
                started = true;
            }
            Files.write(FILE, append(section), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> append(List<String> section) {
        List<String> out = new ArrayList<>(section);
        out.add("");
        return out;
    }
}
