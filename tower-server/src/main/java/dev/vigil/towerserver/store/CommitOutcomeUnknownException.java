package dev.vigil.towerserver.store;

/**
 * A commit failed and could not be undone: its journal record may be complete on disk, so whether it
 * happened is decided only when the store is next opened (which redoes a complete record). The
 * store stops at once: no later write may build on a state nobody knows.
 */
final class CommitOutcomeUnknownException extends RuntimeException {
    CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
