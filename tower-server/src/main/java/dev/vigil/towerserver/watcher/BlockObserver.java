package dev.vigil.towerserver.watcher;

/**
 * Told how long each connected block took to process (the metrics' block latency histogram, the
 * status page's latency chart). Contract: called on the chain follower's thread (never the tower
 * thread) once a block's effects are durable, one block at a time in chain order, so an
 * implementation may keep unsynchronised state written by that thread alone; it must not block.
 */
@FunctionalInterface
public interface BlockObserver {
    /** Observes nothing. */
    BlockObserver NONE = (height, transactions, breaches, nanos) -> { };

    /**
     * Block {@code height}, with {@code transactions} transactions revealing {@code breaches} breaches,
     * took {@code nanos} from its parsed form in hand to its effects being durable (what the block's
     * log line says in milliseconds).
     */
    void blockProcessed(int height, int transactions, int breaches, long nanos);
}
