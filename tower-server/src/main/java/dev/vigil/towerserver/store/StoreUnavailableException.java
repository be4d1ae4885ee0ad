package dev.vigil.towerserver.store;

/**
 * The store does not take the operation: it is closed (or closing), or it stopped itself after a
 * failure it could not recover from in-process (restart the tower: opening replays MapDB's WAL).
 * Fails the operation's stage; nothing was written.
 */
public final class StoreUnavailableException extends IllegalStateException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
