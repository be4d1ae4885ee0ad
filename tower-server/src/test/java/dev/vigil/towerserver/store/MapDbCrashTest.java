package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.user;
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
 * and none above it.
 */
class MapDbCrashTest {
    @TempDir
    Path dir;

    @Test
    void killsDuringWritesCreationAndReopenLoseNothingAcknowledged() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = dir.resolve("tower.db");
        Crasher c = new Crasher(file, random, seed);
        c.writeAndKill(); // the first one creates the store, possibly killed while creating it
        c.writeAndKill();
        c.writeAndKill();
        c.reopenAndKill();
        c.createAndKill();
        assertTrue(c.acknowledged > 0, "some writes were acknowledged: " + c.report());
        System.out.println(c.report());
    }

    @Test
    @Tag("slow")
    void fiftyKillsAtRandomMoments() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Crasher c = new Crasher(dir.resolve("tower.db"), random, seed);
        for (int i = 0; i < 50; i++) {
            int pick = random.nextInt(10);
            if (pick < 6) {
                c.writeAndKill();
            } else if (pick < 8) {
                c.reopenAndKill();
            } else {
                c.createAndKill();
            }
        }
        assertTrue(c.acknowledged > 0, c.report());
        System.out.println(c.report());
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
            List<String> lines = runAndKill(List.of("write", file.toString(), Long.toString(next)), 20 + random.nextInt(400));
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
            runAndKill(List.of("reopen", file.toString()), random.nextInt(300));
            verify(-1);
        }

        void createAndKill() throws Exception {
            Path createDir = Files.createDirectories(dir.resolve("create-" + createRound++));
            List<String> lines = runAndKill(List.of("create", createDir.toString()), random.nextInt(300));
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

        /** Starts the child, waits for "ready", lets it run {@code runMillis}, kills it with SIGKILL. */
        List<String> runAndKill(List<String> args, int runMillis) throws Exception {
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
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("reader: " + e);
                }
            });
            reader.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!lines.contains("ready")) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("child did not get ready: " + lines + "\n" + Files.readString(err));
                    }
                    Thread.sleep(5);
                }
                Thread.sleep(runMillis);
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
