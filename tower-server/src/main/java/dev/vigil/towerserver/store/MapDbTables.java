package dev.vigil.towerserver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The tables in one MapDB 3.1.0 file. Owner thread only (MapDB is never touched elsewhere).
 *
 * <p>Configuration, and why (shared/reference/dependencies.md §0.4, §1.1; docs/storage.md):
 * <ul>
 *   <li>MapDB's {@code StoreDirect} (no {@code transactionEnable()}) over a {@link JournaledFileVolume},
 *       built through the public {@code DBMaker.volumeDB}. The volume makes each commit atomic and
 *       durable and keeps every change in memory until then; a failed batch is discarded by reopening
 *       ({@link #recover}). MapDB's transaction layer ({@code StoreWAL}) would add a second copy of
 *       every change and nothing else: it never replays its WAL (3.1.0), so it is not what makes a
 *       commit survive a crash.</li>
 *   <li>positional FileChannel I/O for the file, not mmap: mmap commits cost ~5.5 ms instead of
 *       ~1.2 ms, and a full disk or truncated file turns into SIGBUS.</li>
 *   <li>no {@code closeOnJvmShutdown()}: the application closes the store on SIGTERM, after the
 *       owner thread has committed what it acknowledged; a hook racing it could close MapDB under
 *       a running batch.</li>
 *   <li>the file lock stays on: two processes on one store would corrupt it.</li>
 * </ul>
 *
 * <p><b>Creation.</b> {@code DBMaker.make()} killed while it creates a file leaves it unusable
 * ("File is empty", "Record does not exist, recid=1"; dependencies.md §0.4). So a new store is made as
 * {@code <name>.tmp}, its maps and schema version committed, closed, fsynced, renamed into place
 * atomically and the directory fsynced. A leftover {@code .tmp} (a crash during creation) is deleted
 * and the creation starts again; {@code <name>} itself only ever appears complete.
 *
 * <p><b>Schema.</b> A store of a newer schema version is refused, never rewritten: it was written by
 * a newer Vigil. Version 2 is brought to 3 at open by adding the channel-monitoring maps (in one
 * commit); version 1 cannot exist (no build that wrote one was released) and is refused.
 */
final class MapDbTables extends TableSet {
    private static final String META = "meta";
    private static final String USERS = "users";
    private static final String APPOINTMENTS = "appointments";
    private static final String USER_LOCATORS = "user_locators";
    private static final String TRACKERS = "trackers";
    private static final String MONITOR_USERS = "monitor_users";
    private static final String EVENTS = "events";
    private static final String EVENT_HEIGHTS = "event_heights";
    private static final String WATCHES = "watches";
    private static final String USER_WATCHES = "user_watches";
    private static final String WEBHOOKS = "webhooks";

    private final Path file;
    private final JournaledFileVolume.Settings volumes;
    private DB db;
    /** The volume under {@link #db}. */
    private JournaledFileVolume volume;

    private MapDbTables(Path file, JournaledFileVolume.Settings volumes) {
        this.file = file;
        this.volumes = volumes;
    }

    /** Opens the store at {@code file}, creating it (crash-safely) if there is none. */
    static MapDbTables open(Path file) throws IOException {
        return open(file, JournaledFileVolume.Settings.DEFAULT);
    }

    /** {@code volumes}: how the journaled volume is opened ({@link JournaledFileVolume.Settings#DEFAULT} in a tower). */
    static MapDbTables open(Path file, JournaledFileVolume.Settings volumes) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = sibling(absolute, ".tmp");
        if (!Files.exists(absolute)) {
            Path journal = JournaledFileVolume.journalOf(absolute);
            if (Files.exists(journal)) {
                // The journal of a store that is gone: someone removed the store file. Creating a fresh
                // store here would silently replace the tower key and every appointment.
                throw new IncompatibleStoreException("found " + journal + " but no " + absolute
                        + ": the store file is missing; refusing to create a new store beside its journal");
            }
            create(absolute, tmp, volumes);
        } else {
            deleteWithJournal(tmp); // a creation that crashed before its rename; the store itself is complete
        }
        MapDbTables tables = new MapDbTables(absolute, volumes);
        tables.openExisting();
        return tables;
    }

    private static void create(Path file, Path tmp, JournaledFileVolume.Settings volumes) throws IOException {
        deleteWithJournal(tmp);
        MapDbTables created = new MapDbTables(tmp, volumes);
        created.makeDb();
        DB db = created.db;
        try {
            BTreeMap<byte[], byte[]> m = db.treeMap(META, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
            db.treeMap(USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
            // Blobs (hundreds of bytes) stay out of the B-tree nodes, so a put rewrites a small node
            // plus one record instead of a node holding 32 blobs.
            db.treeMap(APPOINTMENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
            db.treeSet(USER_LOCATORS, Serializer.BYTE_ARRAY).create();
            // Trackers hold two transactions each (hundreds of bytes): outside the nodes, as blobs.
            db.treeMap(TRACKERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
            createMonitorMaps(db);
            m.put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(StoreRecords.STORE_SCHEMA_VERSION));
            db.commit();
        } finally {
            db.close();
        }
        if (Files.exists(JournaledFileVolume.journalOf(tmp))) {
            throw new IOException("creating " + tmp + " left its journal behind; not renaming it into place");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        JournaledFileVolume.fsyncDirectory(volumes.io(), file.getParent());
    }

    private void openExisting() {
        makeDb();
        DB opened = db;
        try {
            if (!opened.exists(META)) {
                throw new IncompatibleStoreException(file + " is not a Vigil store (no meta map)");
            }
            BTreeMap<byte[], byte[]> m = opened.treeMap(META, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open();
            byte[] schema = m.get(TowerStore.META_SCHEMA);
            if (schema == null) {
                throw new IncompatibleStoreException(file + " is not a Vigil store (no schema version)");
            }
            int version = StoreRecords.decodeSchemaVersion(schema);
            if (version > StoreRecords.STORE_SCHEMA_VERSION) {
                throw new IncompatibleStoreException(file + " has store schema version " + version
                        + ", newer than this build reads (" + StoreRecords.STORE_SCHEMA_VERSION
                        + "): it was written by a newer Vigil. Left unchanged; run that version or a newer one.");
            }
            if (version == 2) {
                // Version 3 only adds the channel-monitoring maps: made here, with the new version, in
                // one commit (all or none, as every commit), so a version 2 store opens and keeps all it holds.
                requireMaps(opened, USERS, APPOINTMENTS, USER_LOCATORS, TRACKERS);
                createMonitorMaps(opened);
                m.put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(StoreRecords.STORE_SCHEMA_VERSION));
                opened.commit();
                version = StoreRecords.STORE_SCHEMA_VERSION;
            }
            if (version < StoreRecords.STORE_SCHEMA_VERSION) {
                throw new IncompatibleStoreException(file + " has store schema version " + version
                        + ", which this build does not read (it reads " + StoreRecords.STORE_SCHEMA_VERSION + ")");
            }
            requireMaps(opened, USERS, APPOINTMENTS, USER_LOCATORS, TRACKERS, MONITOR_USERS, EVENTS, EVENT_HEIGHTS, WATCHES,
                    USER_WATCHES, WEBHOOKS);
            this.meta = new MapTable(m);
            this.users = new MapTable(opened.treeMap(USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.appointments = new MapTable(opened.treeMap(APPOINTMENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.userLocators = new SetTable(opened.treeSet(USER_LOCATORS, Serializer.BYTE_ARRAY).open());
            this.trackers = new MapTable(opened.treeMap(TRACKERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.monitorUsers = new MapTable(opened.treeMap(MONITOR_USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.events = new MapTable(opened.treeMap(EVENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.eventHeights = new SetTable(opened.treeSet(EVENT_HEIGHTS, Serializer.BYTE_ARRAY).open());
            this.watches = new MapTable(opened.treeMap(WATCHES, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.userWatches = new SetTable(opened.treeSet(USER_WATCHES, Serializer.BYTE_ARRAY).open());
            this.webhooks = new MapTable(opened.treeMap(WEBHOOKS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
        } catch (RuntimeException e) {
            // Close without committing: opening writes nothing, so a refused store is left as it was.
            try {
                opened.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The maps of channel monitoring (schema version 3; docs/monitoring.md 3.1). */
    private static void createMonitorMaps(DB db) {
        db.treeMap(MONITOR_USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
        // An event holds its signed JSON (up to 140 kB for a close with a large transaction): outside the nodes.
        db.treeMap(EVENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
        db.treeSet(EVENT_HEIGHTS, Serializer.BYTE_ARRAY).create();
        db.treeMap(WATCHES, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
        db.treeSet(USER_WATCHES, Serializer.BYTE_ARRAY).create();
        db.treeMap(WEBHOOKS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
    }

    private void requireMaps(DB opened, String... names) {
        for (String name : names) {
            if (!opened.exists(name)) {
                throw new IncompatibleStoreException(file + " is damaged or not a Vigil store: no " + name + " map");
            }
        }
    }

    /**
     * Opens {@link #db} on {@link #file}: {@code DBMaker.volumeDB} (a {@code StoreDirect} with
     * DBMaker's defaults: no shutdown hook, thread-safe) on a {@link JournaledFileVolume}, which holds
     * the file lock. Creates the file's MapDB header if it does not exist yet.
     */
    private void makeDb() {
        boolean existed = Files.exists(file);
        JournaledFileVolume v = JournaledFileVolume.open(file, volumes);
        try {
            db = DBMaker.volumeDB(v, existed).make();
            volume = v;
        } catch (RuntimeException e) {
            try {
                v.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public void commit() {
        db.commit();
    }

    /**
     * Closes the file without committing and opens it again: the way to discard a batch, since
     * {@code StoreDirect} has no rollback (it writes into the volume as it goes, and keeps allocator
     * state in memory). Nothing of the batch reaches the file: {@code StoreDirect.close()} only puts
     * its header checksum and closes the volume, without a sync (3.1.0 {@code StoreDirect.kt}), and
     * the volume drops uncommitted pages at close. Reopening redoes the journal if it holds a commit
     * the file has not received yet ({@link JournaledFileVolume}, "Failures").
     */
    @Override
    public void recover() {
        try {
            db.close();
        } catch (RuntimeException ignored) {
            // Already broken; reopening is the way out.
        }
        openExisting();
    }

    @Override
    public void close() {
        db.close();
    }

    /** The volume's content: between batches, the last commit ({@link JournaledFileVolume#copyTo}). */
    @Override
    public long copyCommittedTo(FileChannel out) throws IOException {
        return volume.copyTo(out);
    }

    // ------------------------------------------------------------------ files

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName().toString() + suffix);
    }

    private static void deleteWithJournal(Path file) throws IOException {
        Files.deleteIfExists(JournaledFileVolume.journalOf(file));
        Files.deleteIfExists(file);
    }

    // ------------------------------------------------------------------ tables over MapDB collections

    private final class MapTable implements Table {
        private final BTreeMap<byte[], byte[]> map;

        MapTable(BTreeMap<byte[], byte[]> map) {
            this.map = map;
        }

        @Override
        public byte[] get(byte[] key) {
            return map.get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            mutations++;
            map.put(key, value);
        }

        @Override
        public void remove(byte[] key) {
            mutations++;
            map.remove(key);
        }

        @Override
        public void scan(byte[] lo, byte[] hi, BiConsumer<byte[], byte[]> visitor) {
            for (Map.Entry<byte[], byte[]> e : range(lo, hi).entrySet()) {
                visitor.accept(e.getKey(), e.getValue());
            }
        }

        @Override
        public void scanKeys(byte[] lo, byte[] hi, Consumer<byte[]> visitor) {
            for (byte[] k : range(lo, hi).keySet()) {
                visitor.accept(k);
            }
        }

        @Override
        public void scanAfter(byte[] after, int limit, BiConsumer<byte[], byte[]> visitor) {
            int n = 0;
            for (Map.Entry<byte[], byte[]> e : (after == null ? map : map.tailMap(after, false)).entrySet()) {
                if (n++ == limit) {
                    return;
                }
                visitor.accept(e.getKey(), e.getValue());
            }
        }

        private NavigableMap<byte[], byte[]> range(byte[] lo, byte[] hi) {
            if (lo == null && hi == null) {
                return map;
            }
            if (lo == null) {
                return map.headMap(hi, true);
            }
            if (hi == null) {
                return map.tailMap(lo, true);
            }
            return map.subMap(lo, true, hi, true);
        }
    }

    private final class SetTable implements Table {
        private final NavigableSet<byte[]> set;

        SetTable(NavigableSet<byte[]> set) {
            this.set = set;
        }

        @Override
        public byte[] get(byte[] key) {
            return set.contains(key) ? EMPTY : null;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            if (value.length != 0) {
                throw new IllegalArgumentException("a set holds keys only");
            }
            mutations++;
            set.add(key);
        }

        @Override
        public void remove(byte[] key) {
            mutations++;
            set.remove(key);
        }

        @Override
        public void scan(byte[] lo, byte[] hi, BiConsumer<byte[], byte[]> visitor) {
            scanKeys(lo, hi, k -> visitor.accept(k, EMPTY));
        }

        @Override
        public void scanAfter(byte[] after, int limit, BiConsumer<byte[], byte[]> visitor) {
            int n = 0;
            for (byte[] k : after == null ? set : set.tailSet(after, false)) {
                if (n++ == limit) {
                    return;
                }
                visitor.accept(k, EMPTY);
            }
        }

        @Override
        public void scanKeys(byte[] lo, byte[] hi, Consumer<byte[]> visitor) {
            SortedSet<byte[]> range;
            if (lo == null && hi == null) {
                range = set;
            } else if (lo == null) {
                range = set.headSet(hi, true);
            } else if (hi == null) {
                range = set.tailSet(lo, true);
            } else {
                range = set.subSet(lo, true, hi, true);
            }
            for (byte[] k : range) {
                visitor.accept(k);
            }
        }
    }
}
