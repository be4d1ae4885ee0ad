package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;

/** Big stores for the benchmarks (the reopen and block benches), filled through the store itself. */
public final class StoreFill {
    private StoreFill() {}

    /**
     * Fills a new store at {@code file} with {@code n} appointments (random locators, 300-byte blobs,
     * 1,000 users) through its own group commit, and closes it. A put that fails is reported on
     * stderr.
     */
    public static void fill(Path file, int n) throws Exception {
        MapDbTowerStore store = MapDbTowerStore.open(file).toCompletableFuture().get();
        Random random = new Random(42);
        Semaphore permits = new Semaphore(512);
        byte[] blob = new byte[300];
        long[] slots = new long[1_000];
        for (int i = 0; i < n; i++) {
            permits.acquire();
            byte[] loc = new byte[16];
            random.nextBytes(loc);
            random.nextBytes(blob);
            int u = i % slots.length;
            UserId user = Fixtures.user(u);
            StoredAppointment a = new StoredAppointment(user, new Appointment(new Locator(Bytes.of(loc)), Bytes.of(blob), 144),
                    "d75k9ze1b5ec3zfeaiwqwq3t8qqaifq1ubk3m7u6qnuxsdbfwrf1pzbhyadq4duzgocr1ad5ir76ch9n6y1bcmn7t9nbp69um5xbkm", 800_000, 1);
            store.putAppointment(a, new UserRecord(user, ++slots[u], 100, 900_000)).whenComplete((v, e) -> {
                permits.release();
                if (e != null) {
                    System.err.println("put failed: " + e);
                }
            });
            if (i > 0 && i % 1_000_000 == 0) {
                System.out.printf(Locale.ROOT, "  %,d appointments stored%n", i);
            }
        }
        permits.acquire(512);
        store.close();
    }

    /** Deletes {@code dir} and everything under it. */
    public static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
