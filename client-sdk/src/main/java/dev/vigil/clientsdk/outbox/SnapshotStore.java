package dev.vigil.clientsdk.outbox;

import java.io.IOException;
import java.util.Optional;

/**
 * Keeps the SDK's state durably as one opaque snapshot. A wallet may replace the default
 * ({@link FileSnapshotStore}) with its own storage (a row in its database, Android's AtomicFile).
 *
 * <p>Contract: {@link #save} is atomic and durable: when it returns, a crash (kill -9, power loss)
 * at any later point leaves {@link #load} returning exactly these bytes; a crash during it leaves
 * either these bytes or the previous ones, never a mix. Blocking (disk I/O, an fsync); called by the
 * SDK under its state lock, one call at a time, from the wallet's calling thread. An
 * {@link IOException} from {@code save} means the new state is not durable: the SDK refuses the
 * operation that needed it.
 */
public interface SnapshotStore {
    /** The bytes of the last completed {@link #save}, or empty if none ever completed. */
    Optional<byte[]> load() throws IOException;

    /** Replaces the snapshot with {@code snapshot}, durably and atomically. */
    void save(byte[] snapshot) throws IOException;
}
