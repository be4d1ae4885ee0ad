package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.await;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.store.FaultyChannels.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One meaning for a failed commit, proven under the real journal and MapDB: for every fault and
 * every n, the n-th write fails, is torn or short, the n-th force fails, or the disk dies at the
 * n-th change, during a run of one-operation batches. Then a batch reported failed
 * ({@link CommitFailedException}) is absent, in the running store and after a reopen; a batch
 * reported done is present in both; the one batch whose outcome was reported unknown (the store
 * stopped) is either, and the store took nothing after it.
 */
class CommitFaultTest {
    private static final int OPS = 8;
    /** A checkpoint every two or three commits, so faults hit checkpoints too. */
    private static final long CHECKPOINT_BYTES = 20_000;
    private static final long FIRST_SLOTS = 1_000;

    @TempDir
    Path dir;

    private final FaultyChannels io = new FaultyChannels();
    private final JournaledFileVolume.Settings settings =
            new JournaledFileVolume.Settings(io, CHECKPOINT_BYTES, JournaledFileVolume.CACHED_PAGES);

    enum Outcome { DONE, FAILED, UNKNOWN, REFUSED }

    @Test
    void aBatchReportedFailedIsAbsentAndOneReportedDoneIsPresentWhateverFailsAndWhen() throws Exception {
        Path template = dir.resolve("template.db");
        MapDbTowerStore t = await(MapDbTowerStore.open(template));
        await(t.putUser(userRecord(user(1), FIRST_SLOTS)));
        t.close();

        io.disarm();
        Path counting = copy(template, "counting.db");
        MapDbTowerStore c = await(MapDbTowerStore.open(counting, 1, settings));
        io.count();
        assertEquals(List.of(Outcome.values()[0]), List.of(run(c)[OPS - 1]));
        c.close();
        Map<Fault, Long> reach = new EnumMap<>(Fault.class);
        reach.put(Fault.FAILED_WRITE, io.writes());
        reach.put(Fault.TORN_WRITE, io.writes());
        reach.put(Fault.SHORT_WRITE, io.writes());
        reach.put(Fault.FAILED_FORCE, io.forces());
        reach.put(Fault.DEAD_DISK, io.changes());

        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        int allDoneDespiteAFault = 0;
        for (Fault fault : Fault.values()) {
            for (long n = 1; n <= reach.get(fault); n++) {
                Outcome[] out = faultCase(template, fault, n);
                for (Outcome o : out) {
                    seen.merge(o, 1, Integer::sum);
                }
                if (fault != Fault.SHORT_WRITE && Arrays.stream(out).allMatch(o -> o == Outcome.DONE)) {
                    allDoneDespiteAFault++; // the fault came after a record was durable: rolled forward
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT, "commit faults: %s, %d runs rolled forward, faults reach %s%n",
                seen, allDoneDespiteAFault, reach);
        assertTrue(seen.getOrDefault(Outcome.FAILED, 0) > 0, "some batch failed: " + seen);
        assertTrue(seen.getOrDefault(Outcome.UNKNOWN, 0) > 0, "some batch's outcome was unknown: " + seen);
        assertTrue(allDoneDespiteAFault > 0, "some fault came after a record was durable");
    }

    /** One run with {@code fault} at {@code n}; checks the running store, then a reopened one. */
    private Outcome[] faultCase(Path template, Fault fault, long n) throws Exception {
        String name = fault + " at " + n;
        Path file = copy(template, fault + "-" + n + ".db");
        io.disarm();
        MapDbTowerStore s = await(MapDbTowerStore.open(file, 1, settings));
        io.arm(fault, n);
        Outcome[] out = run(s);
        boolean stopped = Arrays.stream(out).anyMatch(o -> o == Outcome.UNKNOWN || o == Outcome.REFUSED);
        if (!stopped) {
            check(s, out, name + ", before reopening");
        }
        try {
            s.close();
        } catch (StoreUnavailableException e) {
            // The close's own checkpoint failed: the journal stays, for the reopen below to redo.
        }
        io.disarm();
        MapDbTowerStore again = await(MapDbTowerStore.open(file));
        try {
            check(again, out, name + ", reopened");
        } finally {
            again.close();
        }
        Files.deleteIfExists(file);
        return out;
    }

    /** Puts appointment i with the user's slots set to i, one batch each, and says how each ended. */
    private static Outcome[] run(TowerStore s) {
        Outcome[] out = new Outcome[OPS];
        boolean stopped = false;
        for (int i = 0; i < OPS; i++) {
            Throwable e = outcome(s.putAppointment(appointment(user(1), locator(i), i), userRecord(user(1), i)));
            if (e == null) {
                out[i] = Outcome.DONE;
            } else if (e instanceof CommitFailedException) {
                out[i] = Outcome.FAILED;
            } else if (e instanceof StoreUnavailableException && !stopped && e.getCause() instanceof CommitOutcomeUnknownException) {
                out[i] = Outcome.UNKNOWN;
            } else if (e instanceof StoreUnavailableException) {
                out[i] = Outcome.REFUSED;
            } else {
                throw new AssertionError("unexpected failure of put " + i, e);
            }
            stopped |= out[i] == Outcome.UNKNOWN || out[i] == Outcome.REFUSED;
        }
        return out;
    }

    /** Done: present; failed or refused: absent; unknown: either. The user's slots name the last present put. */
    private static void check(TowerStore s, Outcome[] out, String where) {
        long lastPresent = -1;
        int present = 0;
        for (int i = 0; i < OPS; i++) {
            boolean there = await(s.findAppointment(locator(i), user(1))).isPresent();
            switch (out[i]) {
                case DONE -> assertTrue(there, "put " + i + " was reported done but is absent (" + where + "): " + List.of(out));
                case FAILED, REFUSED -> assertTrue(!there,
                        "put " + i + " was reported " + out[i] + " but is present (" + where + "): " + List.of(out));
                case UNKNOWN -> { }
                default -> fail();
            }
            if (there) {
                lastPresent = i;
                present++;
            }
        }
        List<UserRecord> users = await(s.loadUsers());
        assertEquals(1, users.size(), where);
        assertEquals(lastPresent < 0 ? FIRST_SLOTS : lastPresent, users.get(0).availableSlots(),
                "the user's slots and the appointments agree (" + where + "): " + List.of(out));
        assertEquals((long) present, (long) await(s.forEachLocator(l -> { })), where);
        assertEquals(Optional.empty(), await(s.findAppointment(locator(OPS), user(1))), where);
    }

    private static Throwable outcome(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private Path copy(Path template, String name) throws java.io.IOException {
        return Files.copy(template, dir.resolve(name));
    }
}
