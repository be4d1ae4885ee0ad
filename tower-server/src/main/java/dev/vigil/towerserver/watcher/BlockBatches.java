package dev.vigil.towerserver.watcher;

/**
 * Port: opens batches of writes, implemented by {@code TowerStore}.
 *
 * <p><b>Contract.</b> {@link #open} is called on the tower thread, returns at once and touches no
 * store state; the batch it returns follows {@link BlockWrites}'s contract.
 */
public interface BlockBatches {
    BlockWrites open();
}
