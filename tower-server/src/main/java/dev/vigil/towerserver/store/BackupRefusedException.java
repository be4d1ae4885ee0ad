package dev.vigil.towerserver.store;

/**
 * A backup was refused before anything was written: its target exists (a backup never replaces a file) or
 * its directory does not. The message says which, and what to do.
 */
public final class BackupRefusedException extends IllegalArgumentException {
    public BackupRefusedException(String message) {
        super(message);
    }
}
