package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.Tracker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * The process {@link MapDbCrashTest} kills with SIGKILL. Prints {@code ready} once its store is open
 * (or, creating, before it starts), then works until it is killed:
 * <ul>
 *   <li>{@code write <file> <first>}: puts appointment {@code i} of user 1 with the user's slots set
 *       to {@code i} in the same write, then tracker {@code i} ({@link #tracker}) in a write of its
 *       own, for i = first, first+1, ..., up to 64 pairs in flight; prints {@code ack i} once both
 *       stages have completed (so both are durable from then on). First it puts tracker
 *       {@code first - 1} again: the last kill may have come between that appointment and its
 *       tracker, and the test expects every tracker below the last appointment.</li>
 *   <li>{@code blocks <file> <first>}: for block k = first, first+1, ...: one {@link BlockBatch} of
 *       {@link #TRACKERS_PER_BLOCK} trackers ({@link #blockTracker}), user 2 with slots k and the tip
 *       at height k, committed as one task; prints {@code block k} once it is durable. Blocks are
 *       committed one after another, as the watcher does.</li>
 *   <li>{@code create <dir>}: creates store {@code tower-k.db} for k = 0, 1, ..., closing each;
 *       prints {@code created k}.</li>
 *   <li>{@code reopen <file>}: opens, reads and closes the store again and again; prints {@code reopened k}.</li>
 * </ul>
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        switch (args[0]) {
            case "write" -> write(Path.of(args[1]), Long.parseLong(args[2]), out);
            case "blocks" -> blocks(Path.of(args[1]), Long.parseLong(args[2]), out);
            case "create" -> create(Path.of(args[1]), out);
            case "reopen" -> reopen(Path.of(args[1]), out);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void write(Path file, long first, PrintStream out) throws InterruptedException {
        MapDbTowerStore store = Fixtures.await(MapDbTowerStore.open(file));
        say(out, "ready");
        if (first > 0) {
            store.putTracker(tracker(first - 1)).whenComplete((v, e) -> {
                if (e != null) {
                    say(out, "failed tracker " + (first - 1) + " " + e);
                }
            });
        }
        Semaphore inFlight = new Semaphore(64);
        for (long i = first; ; i++) {
            inFlight.acquire();
            long n = i;
            CompletionStage<Void> appointment =
                    store.putAppointment(appointment(user(1), locator((int) n), (int) n), userRecord(user(1), n));
            CompletionStage<Void> tracker = store.putTracker(tracker(n));
            appointment.thenCombine(tracker, (a, t) -> t)
                    .whenComplete((v, e) -> {
                        inFlight.release();
                        if (e == null) {
                            say(out, "ack " + n);
                        } else {
                            say(out, "failed " + n + " " + e);
                        }
                    });
        }
    }

    /** How many trackers each block's batch writes: large enough that a kill often lands inside its commit. */
    static final int TRACKERS_PER_BLOCK = 64;

    private static void blocks(Path file, long first, PrintStream out) {
        MapDbTowerStore store = Fixtures.await(MapDbTowerStore.open(file));
        say(out, "ready");
        for (long k = first; ; k++) {
            BlockBatch batch = store.open();
            for (int j = 0; j < TRACKERS_PER_BLOCK; j++) {
                batch.putTracker(blockTracker(k, j));
            }
            batch.putUser(userRecord(user(2), k));
            Fixtures.await(batch.commit(Optional.of(blockTip(k))));
            say(out, "block " + k);
        }
    }

    /** Tracker {@code j} of block {@code k}. */
    static Tracker blockTracker(long k, int j) {
        return Fixtures.tracker(user(2), (int) (k * TRACKERS_PER_BLOCK + j));
    }

    /** The tip block {@code k}'s batch stores. */
    static ChainTip blockTip(long k) {
        byte[] hash = new byte[32];
        hash[0] = (byte) k;
        hash[1] = (byte) (k >>> 8);
        return new ChainTip(new Hash256(Bytes.of(hash)), (int) k);
    }

    /** The tracker the child writes after appointment {@code i}. */
    static Tracker tracker(long i) {
        return Fixtures.tracker(user(1), (int) i);
    }

    private static void create(Path dir, PrintStream out) {
        say(out, "ready");
        for (int k = 0; ; k++) {
            MapDbTowerStore store = Fixtures.await(MapDbTowerStore.open(dir.resolve("tower-" + k + ".db")));
            store.close();
            say(out, "created " + k);
        }
    }

    private static void reopen(Path file, PrintStream out) {
        say(out, "ready");
        for (int k = 0; ; k++) {
            MapDbTowerStore store = Fixtures.await(MapDbTowerStore.open(file));
            Fixtures.await(store.loadUsers());
            store.close();
            say(out, "reopened " + k);
        }
    }

    private static void say(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
