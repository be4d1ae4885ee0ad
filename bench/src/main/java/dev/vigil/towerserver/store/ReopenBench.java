package dev.vigil.towerserver.store;

import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * DESIGN §10: "10 million appointments reopen and are serving within 10 seconds", and at most 32
 * bytes of heap per appointment for the locator index. A plain main, not a test (it writes ~GBs).
 *
 * <p>Fills a store with {@code n} appointments (300-byte blobs, 1,000 users) through the store's
 * own group commit, closes it, then times what {@code Tower.start} does before it serves: open the
 * store, load the users and trackers, rebuild the locator index. Baseline in the same run: reading
 * the store file end to end (the I/O floor of any reopen that looks at every appointment). Both
 * run with the file in the OS page cache, as after a restart on a machine with the memory for it.
 *
 * <p>Run from the repository root (bench/README.md):
 * <pre>
 * bench/run-main ReopenBench [appointments, default 10,000,000] [directory]
 * </pre>
 * The directory (default: a temporary one) is deleted afterwards unless it was given.
 */
public final class ReopenBench {
    private ReopenBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        boolean keep = args.length > 1;
        Path dir = keep ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("vigil-reopen-bench");
        Path file = dir.resolve(MapDbTowerStore.FILE_NAME);
        try {
            if (!Files.exists(file)) {
                long t0 = System.nanoTime();
                StoreFill.fill(file, n);
                System.out.printf(Locale.ROOT, "filled %,d appointments in %.1f s (%,.0f/s), file %,d MB%n", n,
                        (System.nanoTime() - t0) / 1e9, n / ((System.nanoTime() - t0) / 1e9), Files.size(file) >> 20);
            }
            double readSeconds = readEndToEnd(file);
            Runtime rt = Runtime.getRuntime();
            long t0 = System.nanoTime();
            MapDbTowerStore store = MapDbTowerStore.open(file).toCompletableFuture().get();
            int users = store.loadUsers().toCompletableFuture().get().size();
            int trackers = store.loadTrackers().toCompletableFuture().get().size();
            LocatorPrefixIndex index = LocatorPrefixIndex.rebuildFrom(store).toCompletableFuture().get();
            double reopenSeconds = (System.nanoTime() - t0) / 1e9;
            System.gc();
            System.out.printf(Locale.ROOT, "reopen to serving: %.2f s for %,d appointments (%d users, %d trackers)%n",
                    reopenSeconds, index.size(), users, trackers);
            System.out.printf(Locale.ROOT, "baseline, reading the %,d MB store file end to end: %.2f s; reopen / read: %.1fx%n",
                    Files.size(file) >> 20, readSeconds, reopenSeconds / readSeconds);
            System.out.printf(Locale.ROOT, "locator index: %.1f B/appointment by its arrays (heap in use after GC: %,d MB)%n",
                    index.heapBytes() / (double) index.size(), (rt.totalMemory() - rt.freeMemory()) >> 20);
            store.close();
        } finally {
            if (!keep) {
                StoreFill.deleteTree(dir);
            }
        }
    }

    private static double readEndToEnd(Path file) throws IOException {
        long t0 = System.nanoTime();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) > 0) {
                buf.flip();
                sum += buf.get(0);
                buf.clear();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return sum == Long.MIN_VALUE ? -s : s; // keep the reads
    }
}
