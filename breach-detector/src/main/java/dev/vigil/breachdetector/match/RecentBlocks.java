package dev.vigil.breachdetector.match;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The locators and txids of the last N connected blocks (default 6, as teos), so that an
 * appointment whose dispute transaction was already mined triggers at once instead of waiting for
 * a block that will never come.
 *
 * <p>Per block it keeps the sorted first halves of the locators (a {@code long[]}, binary-searched)
 * and the block itself, so that a late match comes with the dispute transaction; a lookup costs
 * about {@code N * log2(txs)} comparisons. Memory: N blocks, at most 4 MB each.
 *
 * <p>Threading: thread-safe. Writers ({@link #connected}, {@link #disconnected}) take turns on a
 * lock (in the server they all run on the tower thread); readers ({@link #find}) may be on any
 * thread and never block: the state is an immutable list swapped atomically.
 */
public final class RecentBlocks {
    public static final int DEFAULT_CAPACITY = 6;

    /**
     * What a locator found in a recent block.
     *
     * @param txid        the transaction whose locator matched
     * @param blockHash   the block that contains it
     * @param height      that block's height
     * @param transaction the transaction itself, to check a justice transaction against
     */
    public record RecentTransaction(Hash256 txid, Hash256 blockHash, int height,
            Transaction transaction) {
        public RecentTransaction {
            Objects.requireNonNull(txid, "txid");
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(transaction, "transaction");
            if (!transaction.txid().equals(txid)) {
                throw new IllegalArgumentException("transaction does not have txid " + txid);
            }
        }
    }

    private record Entry(Block block, int height, LocatorBatch locators, long[] sortedHighs) {}

    private final int capacity;
    /** Oldest first. Replaced, never mutated. */
    private volatile List<Entry> entries = List.of();

    public RecentBlocks() {
        this(DEFAULT_CAPACITY);
    }

    public RecentBlocks(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** How many blocks are held now. */
    public int size() {
        return entries.size();
    }

    /** Remembers a connected block, forgetting the oldest beyond the capacity. */
    public synchronized void connected(Block block, int height) {
        LocatorBatch locators = block.locators();
        long[] highs = new long[locators.count()];
        for (int i = 0; i < highs.length; i++) {
            highs[i] = locators.high(i) ^ Long.MIN_VALUE; // signed sort == unsigned order
        }
        Arrays.sort(highs);
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        for (Entry e : entries) {
            if (!e.block().hash().equals(block.hash())) {
                next.add(e);
            }
        }
        next.add(new Entry(block, height, locators, highs));
        while (next.size() > capacity) {
            next.remove(0);
        }
        entries = List.copyOf(next);
    }

    /** Forgets a disconnected block (a no-op if it is not held). */
    public synchronized void disconnected(Hash256 blockHash) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.block().hash().equals(blockHash));
        entries = List.copyOf(next);
    }

    /**
     * The transaction of a recent block whose locator is {@code locator}, newest block first.
     *
     * @param locator 16 bytes
     */
    public Optional<RecentTransaction> find(Bytes locator) {
        if (locator.length() != LocatorBatch.LOCATOR_LENGTH) {
            throw new IllegalArgumentException("a locator has 16 bytes, got " + locator.length());
        }
        LocatorBatch probe = LocatorBatch.of(locator);
        long high = probe.high(0);
        long low = probe.low(0);
        List<Entry> snapshot = entries;
        for (int k = snapshot.size() - 1; k >= 0; k--) {
            Entry e = snapshot.get(k);
            if (Arrays.binarySearch(e.sortedHighs(), high ^ Long.MIN_VALUE) < 0) {
                continue;
            }
            // Present: find which transaction (rare, so a scan is fine).
            for (int i = 0; i < e.locators().count(); i++) {
                if (e.locators().high(i) == high && e.locators().low(i) == low) {
                    return Optional.of(new RecentTransaction(e.block().txid(i), e.block().hash(),
                            e.height(), e.block().transaction(i)));
                }
            }
        }
        return Optional.empty();
    }
}
