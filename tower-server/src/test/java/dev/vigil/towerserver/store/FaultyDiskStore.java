package dev.vigil.towerserver.store;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * The real store on disk (MapDB on the page journal, as {@link MapDbTowerStore}) whose commits can be
 * made to fail on command, for tests that need a failure and then a restart from the same file.
 */
public final class FaultyDiskStore extends TowerStore {
    private final FaultInjectingTables.Faults faults;

    private FaultyDiskStore(Path file, FaultInjectingTables.Faults faults) {
        super("vigil-store", DEFAULT_MAX_BATCH, () -> new FaultInjectingTables(MapDbTables.open(file, JournaledFileVolume.Settings.DEFAULT), faults));
        this.faults = faults;
    }

    /** Opens (or creates) the store at {@code file}; completes once it is open. */
    public static CompletionStage<FaultyDiskStore> open(Path file) {
        FaultyDiskStore store = new FaultyDiskStore(file, new FaultInjectingTables.Faults());
        return store.opened().thenApply(v -> store);
    }

    /** The next {@code n} commits fail, leaving nothing (as a failed journal append does). */
    public void failNextCommits(int n) {
        faults.failNextCommits(n);
    }
}
