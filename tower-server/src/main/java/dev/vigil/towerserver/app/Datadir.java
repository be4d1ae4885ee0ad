package dev.vigil.towerserver.app;

import dev.vigil.towerserver.store.MapDbTowerStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks on the datadir made before the store opens (docs/operations.md, "Starting the tower"). The datadir
 * holds the store, and the store holds the tower's key: the directory is the owner's alone (0700) and so are the
 * store's files (0600). A datadir or store file that others can read is restricted and a WARN says what changed
 * (the tower fixes, it does not refuse: the key may already have been read, and the operator must hear that, but
 * a tower that stays down watches nothing). On a file system without POSIX permissions the permission checks are
 * skipped. Blocking (file system calls); called once, from the starting thread.
 */
final class Datadir {
    private static final System.Logger LOG = System.getLogger(Tower.class.getName());
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private Datadir() {}

    /**
     * Creates {@code datadir} (0700) if it does not exist, else checks that it is a directory this process can
     * write, and restricts it and the store's files to their owner. Empty when the datadir is usable; else one
     * line saying why not and what to do, and nothing in it was changed.
     */
    static Optional<String> prepare(Path datadir) {
        boolean posix = datadir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (Files.exists(datadir) && !Files.isDirectory(datadir)) {
            return Optional.of("datadir " + datadir + " is a file, not a directory: move the file away or choose another --datadir");
        }
        if (!Files.exists(datadir)) {
            for (Path up = datadir.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
                if (Files.exists(up)) {
                    if (!Files.isDirectory(up)) {
                        return Optional.of("cannot create datadir " + datadir + ": " + up + " is a file, not a directory;"
                                + " move the file away or choose another --datadir");
                    }
                    break;
                }
            }
            try {
                Files.createDirectories(datadir);
                if (posix) {
                    Files.setPosixFilePermissions(datadir, DIRECTORY); // whatever the umask
                }
            } catch (IOException e) {
                return Optional.of("cannot create datadir " + datadir + ": " + reason(e)
                        + "; create it, owned by the user running vigil, or choose another --datadir");
            }
            return Optional.empty();
        }
        try {
            Files.delete(Files.createTempFile(datadir, ".vigil-write-check-", ".tmp"));
        } catch (IOException e) {
            return Optional.of("datadir " + datadir + " is not writable (" + reason(e) + "): make it writable by the user"
                    + " running vigil, or choose another --datadir");
        }
        if (posix) {
            restrict(datadir, DIRECTORY, "the datadir", "the tower key");
            try (Stream<Path> files = Files.list(datadir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith(MapDbTowerStore.FILE_NAME))
                        .filter(Files::isRegularFile).toList()) {
                    restrict(f, FILE, "the store (it holds the tower's key)", "the tower key");
                }
            } catch (IOException e) {
                return Optional.of("cannot list datadir " + datadir + " (" + reason(e) + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Takes every group and other permission off {@code p}, with a WARN naming what changed and the secret
     * ({@code exposed}) to consider read by others.
     */
    static void restrict(Path p, Set<PosixFilePermission> wanted, String what, String exposed) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
            if (now.stream().noneMatch(OTHERS::contains)) {
                return;
            }
            Set<PosixFilePermission> owner = EnumSet.copyOf(wanted);
            Files.setPosixFilePermissions(p, owner);
            LOG.log(Level.WARNING, p + " was " + PosixFilePermissions.toString(now) + ", open to other users; set it to "
                    + PosixFilePermissions.toString(owner) + " as " + what + " must be. If others could read it, consider "
                    + exposed + " exposed");
        } catch (IOException e) {
            LOG.log(Level.WARNING, p + " is open to other users and could not be restricted (" + reason(e) + "): make it "
                    + PosixFilePermissions.toString(wanted) + " (" + what + ")");
        }
    }

    /** What an I/O failure was, in a few words (never {@code null}). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? e.toString() : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
