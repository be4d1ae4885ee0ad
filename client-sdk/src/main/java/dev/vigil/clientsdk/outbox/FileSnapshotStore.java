package dev.vigil.clientsdk.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SnapshotStore} in one file of a directory the wallet owns. {@code save} writes a fresh
 * temporary file beside it, forces it to disk, renames it over the snapshot atomically
 * ({@code rename(2)}: a reader sees the old file or the new one, never a part) and forces the
 * directory so the rename itself survives power loss (as SQLite and Android's AtomicFile do). A
 * temporary file left by a crash is never read, and is deleted on the next {@code load}. Not for two
 * processes at once; one instance per directory.
 */
public final class FileSnapshotStore implements SnapshotStore {
    /** The snapshot's file name inside the directory. */
    public static final String FILE_NAME = "outbox.snapshot";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;
    private final Path file;
    private long sequence;

    /** A store in {@code directory}, created if missing. */
    public FileSnapshotStore(Path directory) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory");
        Files.createDirectories(directory);
        this.file = directory.resolve(FILE_NAME);
    }

    @Override
    public synchronized Optional<byte[]> load() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, FILE_NAME + ".*" + TEMP_SUFFIX)) {
            for (Path t : temps) {
                Files.deleteIfExists(t); // a save that never reached its rename
            }
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void save(byte[] snapshot) throws IOException {
        Path temp = directory.resolve(FILE_NAME + "." + (sequence++) + TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(snapshot);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** The temporary file the next save writes (for crash tests). */
    Path nextTempFile() {
        return directory.resolve(FILE_NAME + "." + sequence + TEMP_SUFFIX);
    }

    private void forceDirectory() throws IOException {
        // Opening a directory for reading works on Linux and macOS (and Android); Windows refuses it,
        // and there NTFS journals the rename's metadata anyway.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
