package dev.vigil.towerserver.store;

/**
 * The file is not a store this build can open: written by a newer Vigil (a higher store schema
 * version), or not a Vigil store at all. Opening fails with it and leaves the file as it was.
 */
public final class IncompatibleStoreException extends RuntimeException {
    public IncompatibleStoreException(String message) {
        super(message);
    }
}
