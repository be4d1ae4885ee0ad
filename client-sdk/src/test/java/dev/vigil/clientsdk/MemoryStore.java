package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.SnapshotStore;
import java.io.IOException;
import java.util.Optional;

/** A {@link SnapshotStore} in memory that can be told to fail its next saves. */
final class MemoryStore implements SnapshotStore {
    private byte[] saved;
    int saves;
    boolean failing;

    @Override
    public synchronized Optional<byte[]> load() {
        return Optional.ofNullable(saved).map(byte[]::clone);
    }

    @Override
    public synchronized void save(byte[] snapshot) throws IOException {
        if (failing) {
            throw new IOException("disk full");
        }
        saves++;
        saved = snapshot.clone();
    }
}
