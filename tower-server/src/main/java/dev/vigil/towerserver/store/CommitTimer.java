package dev.vigil.towerserver.store;

/**
 * Told how long each group commit took (the metrics' store commit latency). Contract: called on the
 * store's owner thread right after a commit that made a batch durable, before that batch's stages
 * complete, so it must not block and must not call the store; a failed commit is not reported.
 */
@FunctionalInterface
public interface CommitTimer {
    /** Reports nothing. */
    CommitTimer NONE = (nanos, operations) -> { };

    /** A commit of a batch of {@code operations} tasks took {@code nanos} (monotonic clock). */
    void committed(long nanos, int operations);
}
