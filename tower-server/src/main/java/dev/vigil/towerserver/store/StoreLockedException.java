package dev.vigil.towerserver.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The store file is locked: another tower (another process, or another store in this one) has it open. Nothing
 * was read or written: the running tower's store and its journal are left exactly as they were.
 */
public final class StoreLockedException extends IllegalStateException {
    private final transient Path file;

    public StoreLockedException(Path file, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + " is locked by another tower using it", cause);
        this.file = file;
    }

    /** The locked store file. */
    public Path file() {
        return file;
    }
}
