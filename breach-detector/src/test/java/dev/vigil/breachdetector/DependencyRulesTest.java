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
 * DESIGN §1: the core packages of breach-detector import no Vert.x, MapDB or JeroMQ; JeroMQ is
 * confined to the ZMQ adapter package. The build's dependency rules cannot see packages inside one
 * module, so this reads the sources.
 */
class DependencyRulesTest {
    private static final Path SOURCES = Paths.get("src/main/java/dev/vigil/breachdetector");

    @Test
    void onlyTheZmqPackageImportsJeromqAndNothingImportsVertxOrMapdb() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the module directory: " + SOURCES.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                boolean zmqPackage = SOURCES.relativize(file).startsWith("zmq");
                for (String line : Files.readAllLines(file)) {
                    String l = line.strip();
                    if (!l.startsWith("import ")) {
                        continue;
                    }
                    if ((l.contains(" org.zeromq.") || l.contains(" zmq.")) && !zmqPackage) {
                        violations.add(file + ": " + l);
                    }
                    if (l.contains(" io.vertx.") || l.contains(" io.netty.") || l.contains(" org.mapdb.")) {
                        violations.add(file + ": " + l);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
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
