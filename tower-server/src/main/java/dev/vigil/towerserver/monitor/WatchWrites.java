package dev.vigil.towerserver.monitor;

/**
 * Port: the watch records' writes into the batch open on the tower thread (a block's, or a request's
 * own), implemented by the store's batch (docs/monitoring.md 3.2, 7.2).
 *
 * <p><b>Contract.</b> As {@link MonitorWrites}: tower thread only, not thread-safe, never blocks and
 * never touches the store; each call is added to the open batch in call order and is durable only with
 * that batch's one commit. Without an open batch a call throws {@link IllegalStateException}.
 */
public interface WatchWrites {
    /** Creates or replaces the watch's record (in {@code watches}) and its entry in {@code user_watches}. */
    void putWatch(StoredWatch watch);

    /** Deletes the watch's record and its {@code user_watches} entry; deleting a missing one is not an error. */
    void removeWatch(WatchRef watch);
}
