package dev.vigil.towerprotocol.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.towerprotocol.encoding.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds and reads the shared ground truth beside the repository ({@code ../shared/}): official
 * vectors and recorded fixtures. Tests load them as data and never edit them.
 *
 * <p>The location comes from the {@code vigil.shared.dir} system property (set by the parent POM for
 * Surefire), falling back to walking up from the working directory to a sibling {@code shared/}.
 */
public final class SharedFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedFiles() {}

    /** The shared directory; fails with a clear message when it cannot be found. */
    public static Path root() {
        String configured = System.getProperty("vigil.shared.dir");
        if (configured != null && Files.isDirectory(Paths.get(configured, "vectors"))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("vectors"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException(
                "cannot find ../shared/ (vectors and fixtures); set -Dvigil.shared.dir=/path/to/shared");
    }

    /** A file below the shared directory, e.g. {@code path("vectors/aead-kats.json")}. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing shared file " + p);
        }
        return p;
    }

    /** Parses a JSON file below the shared directory. */
    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(path(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a binary file below the shared directory. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex text of a JSON field, decoded; fails naming the field if it is absent. */
    public static byte[] hex(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("vector has no text field '" + field + "': " + node);
        }
        return Hex.decode(v.asText());
    }
}
