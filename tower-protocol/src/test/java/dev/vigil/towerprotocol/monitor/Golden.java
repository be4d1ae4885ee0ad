package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of the monitoring bytes under {@code src/test/resources/golden/monitor/}: each file is
 * exactly the bytes pinned (no trailing newline), so any change of an encoding fails a test. A
 * deliberate change is rewritten with {@code -Dvigil.golden.update=true} (as GoldenJusticeTxTest does)
 * and reviewed in the diff.
 */
final class Golden {
    private static final String DIR = "golden/monitor/";

    private Golden() {}

    /** Fails unless {@code actual} is byte for byte the golden file {@code name}. */
    static void assertBytes(String name, byte[] actual) {
        if (Boolean.getBoolean("vigil.golden.update")) {
            write(name, actual);
        }
        assertEquals(new String(read(name), StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8), name);
    }

    /** The golden file {@code name}. */
    static byte[] read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/" + DIR + name)) {
            assertNotNull(in, DIR + name + " is missing; run with -Dvigil.golden.update=true");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the file in the source tree (the working directory is the module) and in the test classpath. */
    private static void write(String name, byte[] bytes) {
        try {
            for (Path dir : new Path[] {Path.of("src/test/resources"), Path.of("target/test-classes")}) {
                Path file = dir.resolve(DIR + name);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
