package dev.vigil.towerserver.watcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocatorPrefixIndexTest {
    @Test
    void countsAppointmentsPerLocator() {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        Locator l = locator(1);
        assertFalse(index.mayContain(l));
        index.add(l);
        index.add(l);
        assertTrue(index.mayContain(l));
        assertEquals(2, index.size());
        assertEquals(1, index.distinctPrefixes());
        assertTrue(index.remove(l));
        assertTrue(index.mayContain(l), "a second user still watches it");
        assertTrue(index.remove(l));
        assertFalse(index.mayContain(l));
        assertFalse(index.remove(l), "nothing left to remove");
        assertEquals(0, index.size());
    }

    @Test
    void matchesOnTheFirstEightBytesOnly() {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        index.add(locator(0x0102030405060708L, 1));
        assertTrue(index.mayContain(locator(0x0102030405060708L, 2)), "same prefix: a candidate, confirmed by the store");
        assertFalse(index.mayContain(locator(0x0102030405060709L, 1)));
        assertFalse(index.mayContain(locator(0x8102030405060708L, 1)));
        index.add(locator(0, 0));
        assertTrue(index.mayContain(locator(0, 5)), "the all-zero prefix is an ordinary key");
        assertEquals(0x0102030405060708L, LocatorPrefixIndex.prefixOf(locator(0x0102030405060708L, -1)));
        assertEquals(-1L, LocatorPrefixIndex.prefixOf(locator(-1L, 0)));
    }

    @Test
    void batchQueriesReturnAscendingPositionsOfPossibleMatches() {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        List<Locator> batch = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Locator l = locator(i);
            batch.add(l);
            if (i % 7 == 3) {
                index.add(l);
                expected.add(i);
            }
        }
        ByteBuffer packed = ByteBuffer.allocate(16 * batch.size());
        batch.forEach(l -> packed.put(l.value().toArray()));
        int[] hits = index.candidates(packed.array());
        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), hits);
        assertArrayEquals(hits, index.candidates(batch.size(), i -> LocatorPrefixIndex.prefixOf(batch.get(i))));
        assertArrayEquals(new int[0], index.candidates(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> index.candidates(new byte[17]));
    }

    @Test
    void behavesLikeAMultisetUnderRandomAddsAndRemovesWithGrowthAndClusters() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // A fixed hash seed and a small key space: long probe runs, many deletions inside them.
        LocatorPrefixIndex index = new LocatorPrefixIndex(0, random.nextLong());
        Map<Long, Integer> model = new HashMap<>();
        long total = 0;
        for (int op = 0; op < 200_000; op++) {
            long prefix = random.nextInt(5_000) * 0x1_0000_0001L;
            if (random.nextInt(3) > 0) {
                index.addPrefix(prefix);
                model.merge(prefix, 1, Integer::sum);
                total++;
            } else {
                boolean had = model.containsKey(prefix);
                assertEquals(had, index.removePrefix(prefix), "seed " + seed);
                if (had) {
                    model.computeIfPresent(prefix, (k, n) -> n > 1 ? n - 1 : null);
                    total--;
                }
            }
        }
        assertEquals(total, index.size(), "seed " + seed);
        assertEquals(model.size(), index.distinctPrefixes(), "seed " + seed);
        for (int k = 0; k < 5_000; k++) {
            long prefix = k * 0x1_0000_0001L;
            int[] hit = index.candidates(1, i -> prefix);
            assertEquals(model.containsKey(prefix), hit.length == 1, "prefix " + prefix + " seed " + seed);
        }
    }

    @Test
    void hundredsOfUsersOnOneLocatorAreCountedExactly() {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        Locator l = locator(9);
        for (int i = 0; i < 600; i++) {
            index.add(l);
        }
        assertEquals(600, index.size());
        for (int i = 0; i < 599; i++) {
            assertTrue(index.remove(l));
            assertTrue(index.mayContain(l), "after " + (i + 1) + " removals");
        }
        assertTrue(index.remove(l));
        assertFalse(index.mayContain(l));
        assertEquals(0, index.size());
    }

    @Test
    void aStableLocatorIsNeverMissedThroughGrowthRunsAndDeletions() {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        List<Locator> stable = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            stable.add(locator(i));
            index.add(locator(i));
        }
        ByteBuffer packed = ByteBuffer.allocate(16 * stable.size());
        stable.forEach(l -> packed.put(l.value().toArray()));
        byte[] batch = packed.array();
        // Growth, insertion into runs and backward-shift deletions, queried between every 500 changes.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 10_000; i++) {
                index.add(locator(100_000 + round * 10_000 + i));
                if (i % 500 == 0) {
                    assertEquals(stable.size(), index.candidates(batch).length, "round " + round + ", add " + i);
                }
            }
            for (int i = 0; i < 10_000; i++) {
                index.remove(locator(100_000 + round * 10_000 + i));
                if (i % 500 == 0) {
                    assertEquals(stable.size(), index.candidates(batch).length, "round " + round + ", remove " + i);
                }
            }
        }
        assertEquals(stable.size(), index.size());
    }

    @Test
    void rebuildsFromEveryStoredLocator() throws Exception {
        List<Locator> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            stored.add(locator(i % 20)); // 30 appointments on 20 locators
        }
        LocatorScan scan = sink -> {
            stored.forEach(sink);
            return CompletableFuture.completedFuture((long) stored.size());
        };
        LocatorPrefixIndex index = LocatorPrefixIndex.rebuildFrom(scan).toCompletableFuture().get();
        assertEquals(30, index.size());
        assertEquals(20, index.distinctPrefixes());
        assertTrue(index.mayContain(locator(19)));
        assertFalse(index.mayContain(locator(20)));
    }

    /** A locator whose first 8 bytes are {@code high} and last 8 are {@code low}. */
    private static Locator locator(long high, long low) {
        return new Locator(Bytes.of(ByteBuffer.allocate(16).putLong(high).putLong(low).array()));
    }

    private static Locator locator(int n) {
        return locator(0x1000_0000_0000_0000L + n * 0x9E37_79B9L, n);
    }

    /** Reports (does not assert) the heap per appointment at a million entries; asserts only correctness. */
    @Test
    void heapPerAppointmentAtAMillionEntries() {
        int n = 1_000_000;
        Runtime rt = Runtime.getRuntime();
        long before = usedHeap(rt);
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        Random random = new Random(7);
        long[] some = new long[1000];
        for (int i = 0; i < n; i++) {
            long p = random.nextLong();
            index.addPrefix(p);
            if (i % 1000 == 0) {
                some[i / 1000] = p;
            }
        }
        long after = usedHeap(rt);
        System.out.printf(Locale.ROOT, "locator index, %d appointments: %.1f B each by its arrays, %.1f B each by heap used%n",
                n, index.heapBytes() / (double) n, (after - before) / (double) n);
        assertEquals(n, index.size());
        assertEquals(some.length, index.candidates(some.length, i -> some[i]).length);
    }

    private static long usedHeap(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
