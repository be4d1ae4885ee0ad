package dev.vigil.towerserver.store;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.StoredAppointment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Store benchmark (a plain main, not a test; DESIGN §9: timings live in benchmarks, never in tests).
 * Each figure comes with its baseline measured in the same run:
 * <ol>
 *   <li>durable appointment puts/s and latency with group commit, against one commit per put
 *       (the same store with {@code maxBatch = 1});</li>
 *   <li>the locator index's heap per appointment at 1M appointments, against a boxed
 *       {@code HashMap<Long, Integer>}, and its batch-query rate.</li>
 * </ol>
 * In the store's package for its package-private statistics, with the store's test support from
 * tower-server's test-jar. Run from the repository root (bench/README.md):
 * <pre>
 * bench/run-main StoreBench [seconds-per-run]
 * </pre>
 */
public final class StoreBench {
    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "store bench, %d cores, %d s per run%n", Runtime.getRuntime().availableProcessors(), seconds);
        for (int inFlight : new int[] {256, 32}) {
            Result grouped = puts(TowerStore.DEFAULT_MAX_BATCH, seconds, inFlight);
            Result single = puts(1, seconds, inFlight);
            System.out.printf(Locale.ROOT, "durable puts, 300 B blobs, %d in flight:%n", inFlight);
            System.out.println("  group commit (maxBatch 1024), journaled:           " + grouped);
            System.out.println("  baseline, one commit per put (maxBatch 1):        " + single);
            System.out.printf(Locale.ROOT, "  group commit / one commit per put: %.1fx puts/s%n", grouped.perSecond() / single.perSecond());
        }
        index(1_000_000);
    }

    record Result(long puts, double seconds, long commits, double p50Millis, double p99Millis) {
        double perSecond() {
            return puts / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f puts/s (%,d puts, %,d commits, %.1f puts/commit), latency p50 %.2f ms, p99 %.2f ms",
                    perSecond(), puts, commits, puts / (double) Math.max(1, commits), p50Millis, p99Millis);
        }
    }

    private static Result puts(int maxBatch, int seconds, int inFlight) throws Exception {
        Path dir = Files.createTempDirectory("vigil-store-bench");
        try {
            MapDbTowerStore store = MapDbTowerStore.open(dir.resolve("tower.db"), maxBatch).toCompletableFuture().get();
            try {
                runPuts(store, 1, inFlight, 0, 2_000); // warm-up
                long commitsBefore = store.commitCount();
                long start = System.nanoTime();
                long[] latencies = runPuts(store, seconds, inFlight, 1_000_000, Integer.MAX_VALUE);
                double elapsed = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                return new Result(latencies.length, elapsed, store.commitCount() - commitsBefore,
                        latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
            } finally {
                store.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(StoreBench::delete);
            }
        }
    }

    /** Puts appointments with at most {@code inFlight} outstanding until the time or count runs out; returns latencies (ns). */
    private static long[] runPuts(TowerStore store, int seconds, int inFlight, int firstId, int maxPuts) throws InterruptedException {
        Random random = new Random(firstId);
        Semaphore permits = new Semaphore(inFlight);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] latencies = new long[1 << 20];
        AtomicInteger done = new AtomicInteger();
        int issued = 0;
        byte[] blob = new byte[300];
        while (System.nanoTime() < deadline && issued < maxPuts && issued < latencies.length) {
            permits.acquire();
            int id = firstId + issued;
            int slot = issued++;
            random.nextBytes(blob);
            byte[] loc = new byte[16];
            random.nextBytes(loc);
            var user = Fixtures.user(id % 1000);
            StoredAppointment a = new StoredAppointment(user, new Appointment(new Locator(Bytes.of(loc)), Bytes.of(blob), 144),
                    "d75k9ze1b5ec3zfeaiwqwq3t8qqaifq1ubk3m7u6qnuxsdbfwrf1pzbhyadq4duzgocr1ad5ir76ch9n6y1bcmn7t9nbp69um5xbkm", 800_000, 1);
            UserRecord charged = new UserRecord(user, id % 10_000, 100, 900_000);
            long t0 = System.nanoTime();
            store.putAppointment(a, charged).whenComplete((v, e) -> {
                latencies[slot] = System.nanoTime() - t0;
                done.incrementAndGet();
                permits.release();
                if (e != null) {
                    System.err.println("put failed: " + e);
                }
            });
        }
        permits.acquire(inFlight);
        permits.release(inFlight);
        return Arrays.copyOf(latencies, issued);
    }

    private static void index(int n) {
        Random random = new Random(11);
        long[] prefixes = new long[n];
        for (int i = 0; i < n; i++) {
            prefixes[i] = random.nextLong();
        }
        Runtime rt = Runtime.getRuntime();
        long before = usedHeap(rt);
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        for (long p : prefixes) {
            index.addPrefix(p);
        }
        long indexBytes = usedHeap(rt) - before;

        before = usedHeap(rt);
        Map<Long, Integer> boxed = new HashMap<>();
        for (long p : prefixes) {
            boxed.merge(p, 1, Integer::sum);
        }
        long boxedBytes = usedHeap(rt) - before;

        // A 4,000-transaction block: 4,000 locators of which 10 are watched, queried in one batch.
        ByteBuffer block = ByteBuffer.allocate(16 * 4000);
        for (int i = 0; i < 4000; i++) {
            block.putLong(i % 400 == 0 ? prefixes[i] : random.nextLong()).putLong(random.nextLong());
        }
        byte[] packed = block.array();
        int hits = 0;
        for (int i = 0; i < 2_000; i++) {
            hits += index.candidates(packed).length;
        }
        long t0 = System.nanoTime();
        int rounds = 5_000;
        for (int i = 0; i < rounds; i++) {
            hits += index.candidates(packed).length;
        }
        double perBlockMicros = (System.nanoTime() - t0) / 1e3 / rounds;
        System.out.printf(Locale.ROOT, "locator index, %,d appointments:%n", n);
        System.out.printf(Locale.ROOT, "  LocatorPrefixIndex: %.1f B/appointment measured (%.1f B by its arrays)%n",
                indexBytes / (double) n, index.heapBytes() / (double) n);
        System.out.printf(Locale.ROOT, "  baseline HashMap<Long,Integer>: %.1f B/appointment measured (%d entries kept)%n",
                boxedBytes / (double) n, boxed.size());
        System.out.printf(Locale.ROOT, "  batch query of a 4,000-locator block: %.1f us (%d hits seen)%n", perBlockMicros, hits);
    }

    private static long usedHeap(Runtime rt) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not delete " + p + ": " + e);
        }
    }
}
