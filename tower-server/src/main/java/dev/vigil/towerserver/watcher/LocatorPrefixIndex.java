package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.breachdetector.block.LocatorBatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.IntToLongFunction;

/**
 * Which locators may have appointments: the watcher's hot in-memory index (DESIGN §5, §10: at most
 * 32 bytes of heap per stored appointment; docs/tower-server.md "In memory").
 *
 * <p><b>What it keeps.</b> Only the first 8 bytes of each locator, as a big-endian {@code long}, in
 * an open-addressing table (linear probing, backward-shift deletion, no tombstones) with a count per
 * prefix, since several users may watch one locator and every appointment adds one. A slot costs 9
 * bytes ({@code long} key + {@code byte} count); the table grows at load 0.7, so it holds between
 * ~13 and ~26 bytes per distinct prefix. Counts of 255 and more (one locator watched by hundreds of
 * users) move to a small side map.
 *
 * <p><b>Answers.</b> "May contain": a prefix match is a candidate, confirmed by the store's exact
 * lookup ({@link BreachLookup#findByLocators}); a collision of 8-byte prefixes costs one extra
 * read, never a wrong trigger. There are no false negatives for locators added and not removed.
 *
 * <p><b>Hostile locators.</b> Users choose locators freely, so an attacker could pick prefixes that
 * collide in a fixed hash function and make every probe walk a long run. The slot hash mixes each
 * prefix with a per-instance random seed, which the attacker does not see.
 *
 * <p><b>Threading.</b> Not thread-safe, and needs no lock: it is filled by one thread at start-up
 * ({@link #rebuildFrom}, on the store's thread), handed over through the completed stage, and from then
 * on read and changed on the tower thread alone (the watcher's owner), as {@link WatchedLocators} says.
 */
public final class LocatorPrefixIndex implements WatchedLocators {
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final double MAX_LOAD = 0.7;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;
    private static final int OVERFLOW = 255;

    private final long seed;
    private long[] keys;
    /** 0: empty slot; 1..254: count; 255: count in {@link #overflow}. */
    private byte[] counts;
    private final Map<Long, Long> overflow = new HashMap<>();
    private int mask;
    private int used;
    private int growAt;
    private long total;

    public LocatorPrefixIndex() {
        this(0);
    }

    /** An index sized for {@code expected} distinct prefixes without growing. */
    public LocatorPrefixIndex(int expected) {
        this(expected, new SecureRandom().nextLong());
    }

    /** With a fixed hash seed: for reproducible tests and benchmarks only. */
    LocatorPrefixIndex(int expected, long seed) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must be >= 0");
        }
        this.seed = seed;
        int capacity = MIN_CAPACITY;
        while (capacity < MAX_CAPACITY && capacity * MAX_LOAD < expected) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    /**
     * Fills a new index from the store (at start-up; DESIGN §10: 10 million appointments serving
     * within 10 s). Completes on the store's thread with the filled index.
     */
    public static CompletionStage<LocatorPrefixIndex> rebuildFrom(LocatorScan scan) {
        LocatorPrefixIndex index = new LocatorPrefixIndex();
        return scan.forEachLocator(index::add).thenApply(n -> index);
    }

    /** The first 8 bytes of {@code locator}, big-endian (as {@code LocatorBatch.high(i)} reads them). */
    public static long prefixOf(Locator locator) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (locator.value().get(i) & 0xFFL);
        }
        return p;
    }

    @Override
    public void add(Locator locator) {
        addPrefix(prefixOf(locator));
    }

    @Override
    public boolean remove(Locator locator) {
        return removePrefix(prefixOf(locator));
    }

    @Override
    public boolean mayContain(Locator locator) {
        long prefix = prefixOf(locator);
        return slotOf(prefix) >= 0;
    }

    @Override
    public int[] candidates(LocatorBatch batch) {
        return candidates(batch.count(), batch::high);
    }

    /**
     * The positions {@code i} of the 16-byte locators packed in {@code locators} (locator i at bytes
     * {@code 16i .. 16i+15}) that may have appointments, ascending.
     */
    public int[] candidates(byte[] locators) {
        if (locators.length % Locator.LENGTH != 0) {
            throw new IllegalArgumentException("packed locators are 16 bytes each, got " + locators.length + " bytes");
        }
        return candidates(locators.length / Locator.LENGTH, i -> (long) BIG_ENDIAN_LONG.get(locators, i * Locator.LENGTH));
    }

    /**
     * The positions {@code i < count} whose prefix {@code prefixAt.applyAsLong(i)} (first 8 locator
     * bytes, big-endian) may have appointments, ascending. Fits {@code LocatorBatch}:
     * {@code candidates(batch.count(), batch::high)}.
     */
    public int[] candidates(int count, IntToLongFunction prefixAt) {
        int[] hits = new int[Math.min(count, 16)];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (slotOf(prefixAt.applyAsLong(i)) >= 0) {
                if (n == hits.length) {
                    hits = Arrays.copyOf(hits, Math.max(16, n * 2));
                }
                hits[n++] = i;
            }
        }
        return Arrays.copyOf(hits, n);
    }

    /** Appointments counted (adds minus successful removes). */
    @Override
    public long size() {
        return total;
    }

    /** Distinct prefixes held. */
    public int distinctPrefixes() {
        return used;
    }

    /**
     * The heap this index holds, estimated from its arrays (headers included) and side map; divide
     * by {@link #size()} for bytes per appointment.
     */
    public long heapBytes() {
        // Object (16) + fields; arrays: 16-byte header + payload, 8-byte aligned; ~80 B per side-map entry.
        return 64 + align(16L + 8L * keys.length) + align(16L + counts.length) + 48 + 80L * overflow.size() + 48;
    }

    // ------------------------------------------------------------------ the table

    /** Counts one more appointment on a locator whose first 8 bytes are {@code prefix} (see {@link #prefixOf}). */
    public void addPrefix(long prefix) {
        int slot = slotOf(prefix);
        if (slot < 0) {
            if (used >= growAt) {
                resize(keys.length << 1);
            }
            slot = insertionSlot(prefix);
            keys[slot] = prefix;
            counts[slot] = 1;
            used++;
        } else {
            int c = counts[slot] & 0xFF;
            if (c == OVERFLOW) {
                overflow.merge(prefix, 1L, Long::sum);
            } else if (c == OVERFLOW - 1) {
                counts[slot] = (byte) OVERFLOW;
                overflow.put(prefix, (long) OVERFLOW);
            } else {
                counts[slot] = (byte) (c + 1);
            }
        }
        total++;
    }

    boolean removePrefix(long prefix) {
        int slot = slotOf(prefix);
        if (slot < 0) {
            return false;
        }
        int c = counts[slot] & 0xFF;
        if (c == OVERFLOW) {
            long n = overflow.get(prefix) - 1;
            if (n < OVERFLOW) {
                overflow.remove(prefix);
                counts[slot] = (byte) n;
            } else {
                overflow.put(prefix, n);
            }
        } else if (c > 1) {
            counts[slot] = (byte) (c - 1);
        } else {
            deleteSlot(slot);
            used--;
        }
        total--;
        return true;
    }

    /** The slot holding {@code prefix}, or -1. */
    private int slotOf(long prefix) {
        int i = home(prefix);
        while (counts[i] != 0) {
            if (keys[i] == prefix) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int insertionSlot(long prefix) {
        int i = home(prefix);
        while (counts[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Backward-shift deletion: later entries of the run move up so every probe still finds them. */
    private void deleteSlot(int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            if (counts[j] == 0) {
                break;
            }
            int h = home(keys[j]);
            boolean homeBetween = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!homeBetween) {
                keys[hole] = keys[j];
                counts[hole] = counts[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        counts[hole] = 0;
    }

    private int home(long prefix) {
        long h = prefix ^ seed;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void resize(int capacity) {
        if (capacity > MAX_CAPACITY || capacity <= 0) {
            throw new IllegalStateException("locator index is full (" + used + " prefixes)");
        }
        long[] oldKeys = keys;
        byte[] oldCounts = counts;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int s = insertionSlot(oldKeys[i]);
                keys[s] = oldKeys[i];
                counts[s] = oldCounts[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        counts = new byte[capacity];
        mask = capacity - 1;
        growAt = (int) (capacity * MAX_LOAD);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
