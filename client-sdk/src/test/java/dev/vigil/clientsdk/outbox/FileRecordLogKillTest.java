package dev.vigil.clientsdk.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
            // The child's acknowledgements go to a file, not a pipe: what it wrote before the kill is
            // all there afterwards (a pipe's reader can lose its last bytes when the JDK closes the
            // stream as it reaps the killed child).
            Path acks = dir.resolve("acks-" + round + ".txt");
            pb.redirectOutput(acks.toFile());
            Process child = pb.start();
            boolean started = waitForALine(acks, child, 10_000);
            Thread.sleep(random.nextInt(250)); // a random moment, among appends and rewrites
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), context);
            assertTrue(started, context + ": the child printed nothing; its stderr: " + readQuietly(stderr));
            assertFalse(child.exitValue() == 0, context);
            List<Integer> printed = wholeLines(acks);

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

    /** The numbers on the complete lines of {@code file}: a kill may cut the last one, which never counted. */
    private static List<Integer> wholeLines(Path file) throws java.io.IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (int nl; (nl = text.indexOf('\n', from)) >= 0; from = nl + 1) {
            out.add(Integer.parseInt(text.substring(from, nl)));
        }
        return out;
    }

    /** Whether the child wrote a whole line within {@code millis} (false at once if it died). */
    private static boolean waitForALine(Path file, Process child, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).indexOf('\n') >= 0) {
                return true;
            }
            if (!child.isAlive()) {
                return false;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static String readQuietly(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
