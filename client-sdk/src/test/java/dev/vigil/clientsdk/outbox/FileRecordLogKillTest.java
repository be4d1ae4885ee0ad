package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a real process in the middle of its appends and rewrites, then a restart. */
class FileRecordLogKillTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9InOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path logDir = dir.resolve("log");
        Path stderr = dir.resolve("stderr.txt");
        int durable = 0; // records known to be in the log: the next process starts after them
        for (int round = 0; round < ROUNDS; round++) {
            String context = "seed " + seed + ", round " + round;
            ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    RecordLogAppender.class.getName(), logDir.toString());
            pb.redirectError(stderr.toFile());
            Process child = pb.start();
            List<Integer> printed = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch first = new CountDownLatch(1);
            AtomicReference<Exception> readFailure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> {
                try (InputStream in = child.getInputStream()) {
                    StringBuilder line = new StringBuilder();
                    for (int c; (c = in.read()) >= 0; ) {
                        if (c == '\n') { // only a whole line counts: a kill may cut the last one
                            printed.add(Integer.parseInt(line.toString()));
                            line.setLength(0);
                            first.countDown();
                        } else {
                            line.append((char) c);
                        }
                    }
                } catch (java.io.IOException e) {
                    // The JDK may close the pipe under the reader once the killed child is reaped:
                    // the lines read before are whole and count; a partial one never did.
                    if (!killed.get()) {
                        readFailure.set(e);
                    }
                } catch (RuntimeException e) {
                    readFailure.set(e);
                }
            }, "appender-stdout");
            reader.start();
            boolean started = first.await(10, TimeUnit.SECONDS);
            Thread.sleep(random.nextInt(250)); // a random moment, among appends and rewrites
            killed.set(true);
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), context);
            reader.join(10_000);
            assertTrue(started, context + ": the child printed nothing; its stderr: " + readQuietly(stderr));
            assertFalse(child.exitValue() == 0, context);
            if (readFailure.get() != null) {
                throw new AssertionError(context + ": reading the child's output", readFailure.get());
            }

            List<Integer> acknowledged = new ArrayList<>(printed);
            for (int i = 0; i < acknowledged.size(); i++) {
                assertEquals(durable + i, acknowledged.get(i), context + ": the child acknowledges in order");
            }
            int lastAcknowledged = durable + acknowledged.size() - 1;

            try (FileRecordLog log = new FileRecordLog(logDir)) {
                RecordLog.Loaded loaded = log.load();
                int base = loaded.snapshot().isPresent() ? RecordLogAppender.count(loaded.snapshot().get()) : 0;
                for (int i = 0; i < loaded.records().size(); i++) {
                    Bytes r = loaded.records().get(i);
                    assertEquals(RecordLogAppender.record(base + i), r, context + ": record " + (base + i));
                }
                int total = base + loaded.records().size();
                assertTrue(total > lastAcknowledged, context + ": " + total + " records, but " + lastAcknowledged + " was acknowledged");
                // Beyond the acknowledged: at most the append in flight (a batch) whose number was not printed yet.
                assertTrue(total <= lastAcknowledged + 1 + RecordLogAppender.BATCH, context + ": " + total + " records");
                durable = total;
            }
        }
        assertTrue(durable > ROUNDS, "the rounds appended something: " + durable);
    }

    private static String readQuietly(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
