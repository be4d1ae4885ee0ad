package dev.vigil.towerserver.store;

import static dev.vigil.towerserver.store.Fixtures.appointment;
import static dev.vigil.towerserver.store.Fixtures.locator;
import static dev.vigil.towerserver.store.Fixtures.user;
import static dev.vigil.towerserver.store.Fixtures.userRecord;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The process {@link MapDbCrashTest} kills with SIGKILL. Prints {@code ready} once its store is open
 * (or, creating, before it starts), then works until it is killed:
 * <ul>
 *   <li>{@code write <file> <first>}: puts appointment {@code i} of user 1 with the user's slots set
 *       to {@code i} in the same write, for i = first, first+1, ..., up to 64 in flight; prints
 *       {@code ack i} once i's stage has completed (so i is durable from then on).</li>
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
            case "create" -> create(Path.of(args[1]), out);
            case "reopen" -> reopen(Path.of(args[1]), out);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void write(Path file, long first, PrintStream out) throws InterruptedException {
        MapDbTowerStore store = Fixtures.await(MapDbTowerStore.open(file));
        say(out, "ready");
        Semaphore inFlight = new Semaphore(64);
        for (long i = first; ; i++) {
            inFlight.acquire();
            long n = i;
            store.putAppointment(appointment(user(1), locator((int) n), (int) n), userRecord(user(1), n))
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
