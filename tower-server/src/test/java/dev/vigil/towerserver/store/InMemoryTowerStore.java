package dev.vigil.towerserver.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The store over sorted in-memory maps, for tests: the same engine and port mapping as
 * {@link MapDbTowerStore} (owner thread, group commit, the same record formats, so the same
 * semantics, contract-tested by {@code InMemoryTowerStoreTest}) without a disk. Commits can be made
 * to fail ({@link #failNextCommits}: the batch leaves nothing, as a real failed commit) or to take
 * time ({@link #setCommitDelay}) so callers can test their failure and latency paths. Nothing
 * survives the object.
 */
public final class InMemoryTowerStore extends TowerStore {
    private final FaultInjectingTables.Faults faults;

    private InMemoryTowerStore(int maxBatch, FaultInjectingTables.Faults faults) {
        super("vigil-store-memory", maxBatch, () -> new FaultInjectingTables(new MemoryTables(), faults));
        this.faults = faults;
    }

    /** A new, empty store, ready at once. */
    public static InMemoryTowerStore create() {
        return create(DEFAULT_MAX_BATCH);
    }

    public static InMemoryTowerStore create(int maxBatch) {
        return create(maxBatch, new FaultInjectingTables.Faults());
    }

    /** A store whose commits fail or wait as {@code faults} says. */
    static InMemoryTowerStore create(int maxBatch, FaultInjectingTables.Faults faults) {
        return new InMemoryTowerStore(maxBatch, faults);
    }

    /**
     * The next {@code n} commits fail: every operation of those batches fails with
     * {@link CommitFailedException} and leaves no trace, as a failed disk write would.
     */
    public void failNextCommits(int n) {
        faults.failNextCommits(n);
    }

    /** Every commit first waits {@code delay} on the store's thread (a slow disk); zero to stop. */
    public void setCommitDelay(Duration delay) {
        faults.delayCommits(delay);
    }

    /** Sorted maps with an undo log: {@link #recover} puts back what the uncommitted batch changed. */
    private static final class MemoryTables extends TableSet {
        /** Undo actions since the last commit, in the order they were made. */
        private final List<Runnable> undo = new ArrayList<>();

        MemoryTables() {
            meta = new MemoryTable();
            users = new MemoryTable();
            appointments = new MemoryTable();
            userLocators = new MemoryTable();
            trackers = new MemoryTable();
            monitorUsers = new MemoryTable();
            events = new MemoryTable();
            eventHeights = new MemoryTable();
            watches = new MemoryTable();
            userWatches = new MemoryTable();
            webhooks = new MemoryTable();
        }

        @Override
        public void commit() {
            undo.clear();
        }

        @Override
        public void recover() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            undo.clear();
        }

        @Override
        public void close() {
            undo.clear();
        }

        private final class MemoryTable implements Table {
            private final NavigableMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

            @Override
            public byte[] get(byte[] key) {
                byte[] v = map.get(key);
                return v == null ? null : v.clone();
            }

            @Override
            public void put(byte[] key, byte[] value) {
                change(key.clone(), value.clone());
            }

            @Override
            public void remove(byte[] key) {
                change(key.clone(), null);
            }

            private void change(byte[] key, byte[] value) {
                mutations++;
                byte[] old = value == null ? map.remove(key) : map.put(key, value);
                undo.add(() -> {
                    if (old == null) {
                        map.remove(key);
                    } else {
                        map.put(key, old);
                    }
                });
            }

            @Override
            public void scan(byte[] lo, byte[] hi, BiConsumer<byte[], byte[]> visitor) {
                for (Map.Entry<byte[], byte[]> e : range(lo, hi).entrySet()) {
                    visitor.accept(e.getKey().clone(), e.getValue().clone());
                }
            }

            @Override
            public void scanKeys(byte[] lo, byte[] hi, Consumer<byte[]> visitor) {
                for (byte[] k : range(lo, hi).keySet()) {
                    visitor.accept(k.clone());
                }
            }

            private NavigableMap<byte[], byte[]> range(byte[] lo, byte[] hi) {
                NavigableMap<byte[], byte[]> r = map;
                if (lo != null) {
                    r = r.tailMap(lo, true);
                }
                if (hi != null) {
                    r = r.headMap(hi, true);
                }
                return r;
            }
        }
    }
}
