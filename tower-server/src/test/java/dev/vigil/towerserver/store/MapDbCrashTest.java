package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.vigil.towerserver.responder.Tracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments (DESIGN §9): a child JVM ({@link CrashChild}) writes, creates or reopens
 * stores; the test kills it with SIGKILL, reopens the store and checks that it opens, that every
 * acknowledged write is there, and that slots and appointments agree (each put writes appointment i
 * and the user's slots = i in one commit, so the stored slots name the last put that committed and
 * exactly the appointments up to it must exist). Tracker i is written after appointment i, in a
 * write of its own: commits keep issue order, so trackers 0 .. last-1 must exist, tracker last may,
 * and none above it. Each kill comes after the child has reported a random amount of progress, never
 * after a fixed time: a loaded machine makes a round slower, not different. Every failure names the
 * seed; {@code -Dvigil.crash.seed=<seed>} replays the same choices.
 */
class MapDbCrashTest {
    @TempDir
    Path dir;

    /** The seed: {@code -Dvigil.crash.seed=<n>} replays a run, whose failure message names its seed. */
    private static long seed() {
        return Long.getLong("vigil.crash.seed", System.nanoTime());
    }

    @FunctionalInterface
    private interface Round {
        void run(Crasher c) throws Exception;
    }

    /** Runs the rounds; any failure is rethrown naming the seed and what the run had done. */
    private void crash(Round rounds) throws Exception {
        long seed = seed();
        Crasher c = new Crasher(dir.resolve("tower.db"), new Random(seed), seed);
        try {
            rounds.run(c);
            assertTrue(c.acknowledged > 0, "some writes were acknowledged");
        } catch (Throwable e) {
            throw new AssertionError(c.report() + " (replay with -Dvigil.crash.seed=" + seed + "): " + e.getMessage(), e);
        }
        System.out.println(c.report());
    }

    @Test
    void killsDuringWritesCreationAndReopenLoseNothingAcknowledged() throws Exception {
        crash(c -> {
            c.writeAndKill(); // the first one creates the store, possibly killed while creating it
            c.writeAndKill();
            c.writeAndKill();
            c.reopenAndKill();
            c.createAndKill();
        });
    }

    /**
     * A block's batch is one task, so one commit: killed at any moment while blocks of 64 trackers, a
     * user and the tip are committed, the store holds every block up to one, whole, and nothing of the
     * next (the tip, the user's slots and the trackers all name the same last block).
     */
    @Test
    void killsDuringBlockCommitsLeaveAllOfABlockOrNone() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        Crasher c = new Crasher(dir.resolve("tower.db"), random, seed);
        long nextBlock = 0;
        for (int round = 0; round < 3; round++) {
            List<String> lines = c.runAndKill(List.of("blocks", c.file.toString(), Long.toString(nextBlock)), "block ",
                    1 + random.nextInt(40));
            long acked = lines.stream().filter(l -> l.startsWith("block ")).mapToLong(l -> Long.parseLong(l.substring(6)))
                    .max().orElse(-1);
            MapDbTowerStore s = await(MapDbTowerStore.open(c.file));
            try {
                long last = s.load().map(t -> (long) t.height()).orElse(-1L);
                String where = "seed " + seed + ", round " + round + ": last durable block " + last + ", acknowledged " + acked;
                assertTrue(last >= acked, "an acknowledged block was lost; " + where);
                assertTrue(last >= nextBlock - 1, "blocks went backwards; " + where);
                assertEquals(Optional.of(CrashChild.blockTip(last)), s.load(), where);
                List<UserRecord> users = await(s.loadUsers());
                assertEquals(List.of(userRecord(user(2), last)), users, "the user's slots name the tip's block; " + where);
                List<Tracker> trackers = await(s.loadTrackers());
                assertEquals((last + 1) * CrashChild.TRACKERS_PER_BLOCK, trackers.size(),
                        "every tracker of blocks 0.." + last + " and none of the next; " + where);
                Set<Tracker> loaded = new HashSet<>(trackers);
                for (int j = 0; j < CrashChild.TRACKERS_PER_BLOCK; j++) {
                    assertTrue(loaded.contains(CrashChild.blockTracker(last, j)), "tracker " + j + " of block " + last + "; " + where);
                }
                nextBlock = last + 1;
            } finally {
                s.close();
            }
        }
        assertTrue(nextBlock > 0, "some blocks were committed");
    }

    @Test
    @Tag("slow")
    void fiftyKillsAtRandomMoments() throws Exception {
        crash(c -> {
            for (int i = 0; i < 50; i++) {
                int pick = c.random.nextInt(10);
                if (pick < 6) {
                    c.writeAndKill();
                } else if (pick < 8) {
                    c.reopenAndKill();
                } else {
                    c.createAndKill();
                }
            }
        });
    }

    private final class Crasher {
        final Path file;
        final Random random;
        final long seed;
        long next;
        long acknowledged;
        int kills;
        int createRound;

        Crasher(Path file, Random random, long seed) {
            this.file = file;
            this.random = random;
            this.seed = seed;
        }

        String report() {
            return String.format(Locale.ROOT, "crash test (seed %d): %d kills, %d writes acknowledged, %d durable",
                    seed, kills, acknowledged, next);
        }

        void writeAndKill() throws Exception {
            // Killed once the child has acknowledged 1..400 writes (the first round also creates the store).
            List<String> lines = runAndKill(List.of("write", file.toString(), Long.toString(next)), "ack ", 1 + random.nextInt(400));
            long maxAck = -1;
            int acks = 0;
            for (String l : lines) {
                if (l.startsWith("ack ")) {
                    maxAck = Math.max(maxAck, Long.parseLong(l.substring(4)));
                    acks++;
                }
                assertFalse(l.startsWith("failed"), l);
            }
            acknowledged += acks;
            verify(maxAck);
        }

        void reopenAndKill() throws Exception {
            if (!Files.exists(file)) {
                writeAndKill();
            }
            runAndKill(List.of("reopen", file.toString()), "reopened ", random.nextInt(4));
            verify(-1);
        }

        void createAndKill() throws Exception {
            Path createDir = Files.createDirectories(dir.resolve("create-" + createRound++));
            List<String> lines = runAndKill(List.of("create", createDir.toString()), "created ", random.nextInt(4));
            long created = lines.stream().filter(l -> l.startsWith("created ")).count();
            // Every store the child finished, and the one it was creating when it died, open cleanly.
            for (int k = 0; k <= created; k++) {
                Path f = createDir.resolve("tower-" + k + ".db");
                MapDbTowerStore s = await(MapDbTowerStore.open(f));
                try {
                    assertEquals(List.of(), await(s.loadUsers()));
                } finally {
                    s.close();
                }
                assertFalse(Files.exists(createDir.resolve("tower-" + k + ".db.tmp")), "leftover .tmp");
            }
        }

        /** Reopens the store: it must open; every write up to the last committed one is there, none after. */
        void verify(long maxAck) {
            if (!Files.exists(file)) {
                assertEquals(-1, maxAck, "writes were acknowledged but the store file is gone");
                return;
            }
            MapDbTowerStore s = await(MapDbTowerStore.open(file));
            try {
                List<UserRecord> users = await(s.loadUsers());
                long last = users.isEmpty() ? -1 : users.get(0).availableSlots();
                assertTrue(last >= maxAck, "acknowledged write " + maxAck + " lost; last durable is " + last);
                assertTrue(last >= next - 1, "durable writes went backwards: " + last + " < " + (next - 1));
                assertEquals(last + 1, (long) await(s.forEachLocator(l -> { })), "appointments beside slots " + last);
                List<Locator> probe = new ArrayList<>();
                for (long i = Math.max(0, last - 200); i <= last; i++) {
                    probe.add(locator((int) i));
                }
                List<StoredAppointment> found = await(s.findByLocators(probe));
                assertEquals(probe.size(), found.size());
                for (StoredAppointment a : found) {
                    long i = a.startBlock() - 700_000;
                    assertEquals(appointment(user(1), locator((int) i), (int) i), a);
                }
                assertEquals(Optional.empty(), await(s.findAppointment(locator((int) (last + 1)), user(1))));
                // Every tracker is read (one bad record fails the load); the newest 200 are compared, as
                // the appointments are, since older ones were compared by earlier rounds.
                List<Tracker> trackers = await(s.loadTrackers());
                long count = trackers.size();
                assertTrue(count == last || count == last + 1, count + " trackers beside appointments 0.." + last);
                assertTrue(count > maxAck, "acknowledged tracker " + maxAck + " lost; " + count + " trackers");
                Set<Tracker> loaded = new HashSet<>(trackers);
                for (long i = Math.max(0, count - 200); i < count; i++) {
                    assertTrue(loaded.contains(CrashChild.tracker(i)), "tracker " + i + " missing or changed");
                }
                next = last + 1;
            } finally {
                s.close();
            }
        }

        /**
         * Starts the child, waits for "ready" and then for {@code progress} lines starting with
         * {@code marker} (its own reports of work done, so a slow machine only makes the round take
         * longer), waits up to 2 ms more (so the kill lands anywhere in the next piece of work), and
         * kills it with SIGKILL.
         */
        List<String> runAndKill(List<String> args, String marker, int progress) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.add("-Xmx256m");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(CrashChild.class.getName());
            command.addAll(args);
            Path err = Files.createTempFile(dir, "child", ".err");
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            AtomicInteger reported = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                        if (l.startsWith(marker)) {
                            reported.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    lines.add("reader: " + e);
                }
            });
            reader.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!lines.contains("ready") || reported.get() < progress) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("child " + args.get(0) + " did not report " + progress + " \"" + marker
                                + "\" lines (" + reported.get() + " so far, alive " + p.isAlive() + "): "
                                + lines.subList(0, Math.min(lines.size(), 20)) + "\n" + Files.readString(err));
                    }
                    Thread.sleep(1);
                }
                Thread.sleep(random.nextInt(3));
                assertTrue(p.isAlive(), "child died by itself: " + Files.readString(err));
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                reader.join(10_000);
                kills++;
            }
            return new ArrayList<>(lines);
        }
    }
}
