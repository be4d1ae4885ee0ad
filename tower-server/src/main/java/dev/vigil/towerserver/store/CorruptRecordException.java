package dev.vigil.towerserver.store;

/**
 * A stored record could not be read: unknown version byte, wrong length, or fields out of range.
 * The operation that met it fails with this exception; nothing else in the store is changed.
 */
public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
