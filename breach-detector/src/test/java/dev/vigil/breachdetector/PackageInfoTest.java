package dev.vigil.breachdetector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of breach-detector says what it is for, in a {@code package-info.java}. (Which
 * package may use JeroMQ is checked on the bytecode by forbiddenapis, in this module's pom.)
 */
class PackageInfoTest {
    private static final Path SOURCES = Paths.get("src/main/java/dev/vigil/breachdetector");

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the module directory: " + SOURCES.toAbsolutePath());
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                boolean hasJava;
                try (Stream<Path> list = Files.list(dir)) {
                    hasJava = list.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(dir.toString());
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
