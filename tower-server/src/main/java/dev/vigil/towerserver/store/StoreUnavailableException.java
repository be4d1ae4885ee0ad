package dev.vigil.towerserver.store;

/**
 * The store does not take the operation: it is closed (or closing), or it stopped itself after a
 * failure it could not recover from in-process (restart the tower: opening redoes the store's
 * journal). An operation refused this way wrote nothing. The batch that was being committed when
 * the store stopped fails with it too, and is durable or not as the next open finds it: whoever
 * acted on its failure rebuilds its view from the reopened store.
 */
public final class StoreUnavailableException extends IllegalStateException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
