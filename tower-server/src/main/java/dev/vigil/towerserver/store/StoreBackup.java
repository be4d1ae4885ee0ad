package dev.vigil.towerserver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A backup {@link TowerStore#backup} wrote: the file, its size, and the chain tip it holds (0 for a store
 * that has followed no block yet).
 */
public record StoreBackup(Path path, long bytes, long tipHeight) {
    public StoreBackup {
        Objects.requireNonNull(path, "path");
        if (bytes < 0 || tipHeight < 0) {
            throw new IllegalArgumentException("bytes and tipHeight are not negative: " + bytes + ", " + tipHeight);
        }
    }

    /** The owner thread's part, with nothing uncommitted in {@code tables}: checks, copies, syncs, links into place. */
    static StoreBackup write(Tables tables, Path target) throws IOException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BackupRefusedException("cannot back up to " + target + ": the directory " + dir
                    + " does not exist; create it first, or choose another path");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupRefusedException("cannot back up to " + target + ": it exists, and a backup never replaces a"
                    + " file; choose a new path, or move the old file away");
        }
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        Path tmp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(nonce) + ".tmp");
        try {
            long bytes;
            try (FileChannel out = createOwnerOnly(tmp)) {
                bytes = tables.copyCommittedTo(out);
                out.force(true);
            }
            byte[] tip = tables.meta().get(TowerStore.META_TIP);
            long tipHeight = tip == null ? 0 : StoreRecords.decodeTip(tip).height();
            try {
                Files.createLink(target, tmp); // unlike a rename, never replaces a file created meanwhile
            } catch (FileAlreadyExistsException e) {
                throw new BackupRefusedException("cannot back up to " + target + ": it was created during the backup;"
                        + " choose a new path");
            }
            Files.delete(tmp);
            JournaledFileVolume.fsyncDirectory(JournaledFileVolume.Channels.DISK, dir);
            return new StoreBackup(target, bytes, tipHeight);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static FileChannel createOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(file, options);
    }
}
