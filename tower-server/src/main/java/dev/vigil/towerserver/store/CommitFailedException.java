package dev.vigil.towerserver.store;

/**
 * The batch this operation was part of did not commit (an I/O error, or a write in the batch
 * failed). Every stage of the batch fails with it: none of its writes may be treated as done.
 */
public final class CommitFailedException extends RuntimeException {
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
