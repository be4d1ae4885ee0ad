package dev.vigil.towerserver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.towerprotocol.testsupport.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <datadir>/admin.token}: made owner-only at the first start, read back after, restricted if opened up. */
class AdminTokenTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    private String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theFirstStartMakesAnOwnerOnlyFileOf32RandomBytesInHex() throws IOException {
        // The build's umask is 022 (a plain file would be rw-r--r--): the token is 0600 nonetheless.
        Path plain = Files.createFile(dir.resolve("plain"));
        String token = AdminToken.loadOrCreate(dir);
        Path file = dir.resolve(AdminToken.FILE_NAME);
        assertEquals("rw-------", perms(file), "made 0600 by the call that creates it (a plain file here is " + perms(plain) + ")");
        assertTrue(token.matches("[0-9a-f]{64}"), token);
        assertEquals(token + "\n", Files.readString(file, StandardCharsets.US_ASCII));
        Path other = Files.createDirectory(dir.resolve("other"));
        assertNotEquals(token, AdminToken.loadOrCreate(other), "each datadir draws its own");
    }

    @Test
    void laterStartsReadTheSameTokenWithoutAWarning() throws IOException {
        String first = AdminToken.loadOrCreate(dir);
        try (LogCapture log = LogCapture.of(Tower.class.getName())) {
            assertEquals(first, AdminToken.loadOrCreate(dir));
            assertEquals(first, AdminToken.loadOrCreate(dir));
            assertEquals(List.of(), log.messages(Level.WARNING));
        }
        assertEquals("rw-------", perms(dir.resolve(AdminToken.FILE_NAME)));
    }

    @Test
    void aTokenOthersCanReadIsRestrictedWithAWarningAndKept() throws IOException {
        String first = AdminToken.loadOrCreate(dir);
        Path file = dir.resolve(AdminToken.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (LogCapture log = LogCapture.of(Tower.class.getName())) {
            assertEquals(first, AdminToken.loadOrCreate(dir));
            assertEquals(List.of(file + " was rw-r--r--, open to other users; set it to rw------- as the admin token must be."
                    + " If others could read it, consider the admin token exposed"), log.messages(Level.WARNING));
        }
        assertEquals("rw-------", perms(file));
    }

    @Test
    void aFileThatIsNoTokenIsRefusedAndLeftAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve(AdminToken.FILE_NAME), "not a token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> AdminToken.loadOrCreate(dir));
        assertEquals(file + " is not an admin token (64 lowercase hex digits): delete it, and the next start makes a new one",
                e.getMessage());
        assertEquals("not a token\n", Files.readString(file));
    }
}
