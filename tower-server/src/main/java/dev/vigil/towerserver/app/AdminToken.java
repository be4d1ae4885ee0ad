package dev.vigil.towerserver.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin commands' bearer token, {@code <datadir>/admin.token} (docs/admin.md): 32 random bytes as 64
 * lowercase hex digits, made at the first start. The file is created owner-only (0600) in the one system
 * call that creates it, whatever the umask, so there is never a moment when others could read it; it is
 * written and synced before the tower serves. At later starts it is read back, and a mode open to others is
 * restricted with a WARN, as {@link Datadir} does for the store. Whoever can read it can stop the tower and
 * copy its store (its key): it is as secret as the store. Blocking; called once, from the starting thread.
 */
final class AdminToken {
    /** The token's file name in the datadir. */
    static final String FILE_NAME = "admin.token";
    private static final int BYTES = 32;

    private AdminToken() {}

    /** The token in {@code datadir} (prepared by {@link Datadir#prepare}), created if there is none. */
    static String loadOrCreate(Path datadir) throws IOException {
        Path file = datadir.resolve(FILE_NAME);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(file)) {
            try {
                return create(file, posix);
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first: read theirs.
            }
        }
        if (posix) {
            Datadir.restrict(file, Datadir.FILE, "the admin token", "the admin token");
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[0-9a-f]{" + 2 * BYTES + "}")) {
            throw new IOException(file + " is not an admin token (64 lowercase hex digits): delete it, and the next start"
                    + " makes a new one");
        }
        return token;
    }

    private static String create(Path file, boolean posix) throws IOException {
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Datadir.FILE)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer b = ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        return token;
    }
}
