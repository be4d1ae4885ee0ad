package dev.vigil.towerserver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.CC;
import org.mapdb.StoreWAL;
import org.mapdb.Serializer;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * The tables in one MapDB 3.1.0 file. Owner thread only (MapDB is never touched elsewhere).
 *
 * <p>Configuration, and why (shared/reference/dependencies.md §0.4, §1.1):
 * <ul>
 *   <li>{@code transactionEnable()}: without it the first kill corrupted the file. It is not enough
 *       on its own either: the main file is a {@link JournaledFileVolume} (why: there).</li>
 *   <li>positional FileChannel I/O for the main file, not mmap: mmap commits cost ~5.5 ms instead
 *       of ~1.2 ms, and a full disk or truncated file turns into SIGBUS; MapDB's WAL in memory
 *       ({@link #makeDb}: MapDB never replays it, so on disk it only cost time).</li>
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
 * <p><b>Migration.</b> A store of an older schema version is brought up to this one when it is
 * opened, in one commit, after every check has passed ({@link #migrate}); the journal makes that
 * commit all-or-nothing like any other, so a kill during it leaves the old store, migrated again at
 * the next open.
 */
final class MapDbTables extends TableSet {
    private static final String META = "meta";
    private static final String USERS = "users";
    private static final String APPOINTMENTS = "appointments";
    private static final String USER_LOCATORS = "user_locators";
    private static final String TRACKERS = "trackers";

    private final Path file;
    private final boolean journaled;
    private DB db;

    private MapDbTables(Path file, boolean journaled) {
        this.file = file;
        this.journaled = journaled;
    }

    /** Opens the store at {@code file}, creating it (crash-safely) if there is none. */
    static MapDbTables open(Path file) throws IOException {
        return open(file, true);
    }

    /**
     * {@code journaled = false}: MapDB's plain {@code transactionEnable()} file, which a kill -9
     * during a commit can corrupt (see {@link JournaledFileVolume}). Only for the benchmark's
     * same-run comparison of what the journal costs; never for a tower.
     */
    static MapDbTables open(Path file, boolean journaled) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = sibling(absolute, ".tmp");
        if (!Files.exists(absolute)) {
            List<Path> strayWal = walFiles(absolute);
            if (!strayWal.isEmpty()) {
                // The WAL of a store that is gone: someone removed the store file. Creating a fresh store
                // here would silently replace the tower key and every appointment.
                throw new IncompatibleStoreException("found " + strayWal + " but no " + absolute
                        + ": the store file is missing; refusing to create a new store over its WAL");
            }
            create(absolute, tmp, journaled);
        } else {
            deleteWithWal(tmp); // a creation that crashed before its rename; the store itself is complete
            if (journaled) {
                // WAL files on disk come from a build that kept MapDB's WAL there; MapDB never read them.
                for (Path p : walFiles(absolute)) {
                    if (!p.equals(JournaledFileVolume.journalOf(absolute))) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        MapDbTables tables = new MapDbTables(absolute, journaled);
        tables.openExisting();
        return tables;
    }

    private static void create(Path file, Path tmp, boolean journaled) throws IOException {
        deleteWithWal(tmp);
        DB created = makeDb(tmp, journaled);
        try {
            BTreeMap<byte[], byte[]> m = created.treeMap(META, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
            created.treeMap(USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).create();
            // Blobs (hundreds of bytes) stay out of the B-tree nodes, so a put rewrites a small node
            // plus one record instead of a node holding 32 blobs.
            created.treeMap(APPOINTMENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
            created.treeSet(USER_LOCATORS, Serializer.BYTE_ARRAY).create();
            createTrackers(created);
            m.put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(StoreRecords.STORE_SCHEMA_VERSION));
            created.commit();
        } finally {
            created.close();
        }
        if (!walFiles(tmp).isEmpty()) {
            throw new IOException("MapDB left WAL files after creating " + tmp + "; not renaming it into place");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.getParent());
    }

    private void openExisting() {
        DB opened = makeDb(file, journaled);
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
            if (version < 1) {
                throw new IncompatibleStoreException(file + " has invalid store schema version " + version);
            }
            requireMaps(opened, USERS, APPOINTMENTS, USER_LOCATORS);
            if (version < StoreRecords.STORE_SCHEMA_VERSION) {
                migrate(opened, m, version);
            }
            requireMaps(opened, TRACKERS); // schema 2 on: a version-2 store without it is damaged
            this.meta = new MapTable(m);
            this.users = new MapTable(opened.treeMap(USERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.appointments = new MapTable(opened.treeMap(APPOINTMENTS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.userLocators = new SetTable(opened.treeSet(USER_LOCATORS, Serializer.BYTE_ARRAY).open());
            this.trackers = new MapTable(opened.treeMap(TRACKERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).open());
            this.db = opened;
        } catch (RuntimeException e) {
            // Close without committing: opening writes nothing before every check has passed (only a
            // migration writes, last), so a refused store is left as it was.
            try {
                opened.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private void requireMaps(DB opened, String... names) {
        for (String name : names) {
            if (!opened.exists(name)) {
                throw new IncompatibleStoreException(file + " is damaged or not a Vigil store: no " + name + " map");
            }
        }
    }

    /** Trackers hold two transactions each (hundreds of bytes): outside the nodes, as appointments' blobs. */
    private static void createTrackers(DB db) {
        db.treeMap(TRACKERS, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().create();
    }

    /**
     * Brings a store of schema version {@code from} up to {@link StoreRecords#STORE_SCHEMA_VERSION}
     * and commits, before anything reads it: 1 → 2 adds the empty {@code trackers} map (a version-1
     * store never had trackers, so there is nothing to move). The maps and the new version go in
     * one commit: a store is never seen at version 2 without its trackers map.
     */
    private static void migrate(DB db, BTreeMap<byte[], byte[]> meta, int from) {
        if (from < 2 && !db.exists(TRACKERS)) {
            createTrackers(db);
        }
        meta.put(TowerStore.META_SCHEMA, StoreRecords.encodeSchemaVersion(StoreRecords.STORE_SCHEMA_VERSION));
        db.commit();
    }

    /**
     * What {@code DBMaker.fileDB(file).transactionEnable().make()} builds (a {@code StoreWAL} with
     * DBMaker's defaults: file lock, no shutdown hook, thread-safe), except for where its bytes live:
     * <ul>
     *   <li>the main file is a {@link JournaledFileVolume}: MapDB's WAL alone does not make a commit
     *       atomic against kill -9 (see there);</li>
     *   <li>MapDB's WAL ({@code <file>.wal.<n>}) is kept in memory. {@code StoreWAL} in 3.1.0 never
     *       replays a WAL when it opens (its constructor calls no {@code WriteAheadLog.open} or
     *       {@code replayWAL}; check with {@code javap -c org.mapdb.StoreWAL}), so a WAL on disk
     *       protects nothing: it only holds the open transaction until {@code commit()} copies it
     *       into the main file. Kept on disk through {@code RandomAccessFileVol} it cost a seek plus a
     *       read or write system call per access, ~180 calls per stored appointment, and was most of
     *       a commit's time ({@code strace -c} of {@code bench/run-intake}). The transaction keeps its
     *       semantics (isolation until commit, rollback); durability is the journal's job.</li>
     * </ul>
     */
    private static DB makeDb(Path file, boolean journaled) {
        if (!journaled) {
            return DBMaker.fileDB(file.toFile()).transactionEnable().make();
        }
        String path = file.toString();
        VolumeFactory volumes = new Volumes(file);
        boolean existed = Files.exists(file);
        StoreWAL store = StoreWAL.make(path, volumes, 0L, true, CC.STORE_DIRECT_CONC_SHIFT, 0L, 0L,
                false, false, false, true, false);
        return new DB(store, existed, true, MapDbTables.class.getClassLoader(), 0);
    }

    /** The main file on a {@link JournaledFileVolume}, MapDB's WAL files in memory ({@link #makeDb}). */
    static final class Volumes extends VolumeFactory {
        private final Path file;
        private final String path;

        Volumes(Path file) {
            this.file = file;
            this.path = file.toString();
        }

        @Override
        public Volume makeVolume(String name, boolean readOnly, long fileLockWait, int sliceShift, long initSize, boolean fixedSize) {
            if (path.equals(name)) {
                return JournaledFileVolume.open(file);
            }
            // The slice size MapDB asks for (1 MiB): its WAL writes records up to that size without
            // splitting them at slice boundaries (64 KiB slices failed with an index out of bounds).
            return ByteArrayVol.FACTORY.makeVolume(name, readOnly, fileLockWait, sliceShift, initSize, fixedSize);
        }

        @Override
        public boolean exists(String name) {
            return path.equals(name) && Files.exists(file);
        }

        @Override
        public boolean handlesReadonly() {
            return false;
        }
    }

    @Override
    public void commit() {
        db.commit();
    }

    /**
     * Closes the file without committing and opens it again. Not {@code db.rollback()}: a commit that
     * failed half-way may have written part of the batch into the main file already, and rollback
     * would keep reading that. Reopening reads the file as the last completed commit left it.
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

    // ------------------------------------------------------------------ files

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName().toString() + suffix);
    }

    /** The logs that belong to {@code file}: MapDB's WAL files {@code <file>.wal.<n>} and our {@code <file>.journal}. */
    static List<Path> walFiles(Path file) throws IOException {
        List<Path> found = new ArrayList<>();
        String wal = file.getFileName().toString() + ".wal.";
        Path journal = JournaledFileVolume.journalOf(file);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent())) {
            for (Path p : dir) {
                if (p.getFileName().toString().startsWith(wal) || p.equals(journal)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    private static void deleteWithWal(Path file) throws IOException {
        for (Path wal : walFiles(file)) {
            Files.deleteIfExists(wal);
        }
        Files.deleteIfExists(file);
    }

    /** Makes the rename durable (a power-loss concern, not a kill -9 one: dependencies.md §1.1). */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync a directory; the rename is still atomic there.
        }
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
