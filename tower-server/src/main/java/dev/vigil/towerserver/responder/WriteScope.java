package dev.vigil.towerserver.responder;

import java.util.concurrent.CompletionStage;

/**
 * Port: where the writes of a change go, so that every change lands in one commit with the block (or
 * the answer) that caused it.
 *
 * <p><b>Contract.</b> Tower thread only. {@link #within} runs {@code writes} at once, on the calling
 * thread, with a batch open for their {@link TrackerWrites} (and the other write interfaces of the
 * same batch): while a block's batch is open they join it, so they commit with the block and after its
 * earlier writes; otherwise a batch is opened for them alone and submitted as one store task as soon
 * as they return. The stage completes, on the store's thread, once that batch is durable. A batch that
 * fails to commit stops the store, and with it the tower (docs/storage.md, "A failed commit"): the
 * in-memory state is then ahead of the store, and a restart rebuilds it from the store.
 */
public interface WriteScope {
    CompletionStage<Void> within(Runnable writes);
}
