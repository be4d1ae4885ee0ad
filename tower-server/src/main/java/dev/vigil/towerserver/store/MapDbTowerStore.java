package dev.vigil.towerserver.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The tower's store in one MapDB file ({@code <datadir>/tower.db}; layout in docs/tower-server.md),
 * with one owner thread and group commit ({@link TowerStore}). MapDB configuration and crash-safe
 * creation: {@code MapDbTables}.
 */
public final class MapDbTowerStore extends TowerStore {
    /** The store's file name in the data directory. */
    public static final String FILE_NAME = "tower.db";

    private MapDbTowerStore(Path file, int maxBatch, JournaledFileVolume.Settings volumes) {
        super("vigil-store", maxBatch, () -> MapDbTables.open(file, volumes));
    }

    /**
     * Opens the store at {@code file}, creating it if there is none. Completes (on the store's
     * thread) once it is open; fails with {@link IncompatibleStoreException} for a store written by a
     * newer Vigil or a file that is not a store, or with MapDB's or the JDK's exception if the file
     * cannot be read. The store's thread ends when it is closed (or could not be opened).
     *
     * @param maxBatch at most this many operations per commit ({@link #DEFAULT_MAX_BATCH})
     */
    public static CompletionStage<MapDbTowerStore> open(Path file, int maxBatch) {
        return open(file, maxBatch, JournaledFileVolume.Settings.DEFAULT);
    }

    /** {@code volumes}: how the journaled file is opened (a test's channels fail on command). */
    static CompletionStage<MapDbTowerStore> open(Path file, int maxBatch, JournaledFileVolume.Settings volumes) {
        Objects.requireNonNull(file, "file");
        MapDbTowerStore store = new MapDbTowerStore(file, maxBatch, volumes);
        return store.opened().thenApply(v -> store);
    }

    /** {@link #open(Path, int)} with {@link #DEFAULT_MAX_BATCH}. */
    public static CompletionStage<MapDbTowerStore> open(Path file) {
        return open(file, DEFAULT_MAX_BATCH);
    }
}
