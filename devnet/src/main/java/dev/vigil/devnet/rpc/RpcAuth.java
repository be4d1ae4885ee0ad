package dev.vigil.devnet.rpc;

import dev.vigil.towerprotocol.encoding.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * RPC credentials as bitcoind checks them ({@code httprpc.cpp} RPCAuthorized, {@code rpc/request.cpp}
 * GenerateAuthCookie): HTTP Basic with either a fresh {@code __cookie__:<64 hex>} written to the cookie file
 * (mode 0600, replaced at every start) or a configured user and password.
 */
public final class RpcAuth {
    public static final String COOKIE_USER = "__cookie__";

    private final String user;
    private final String password;
    private final Path cookieFile;

    private RpcAuth(String user, String password, Path cookieFile) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.cookieFile = cookieFile;
    }

    /** A new random cookie, written to {@code cookieFile} (atomically, owner-only where POSIX permissions exist). */
    public static RpcAuth newCookie(Path cookieFile) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = Hex.encode(secret);
        Files.createDirectories(cookieFile.toAbsolutePath().getParent());
        Path tmp = cookieFile.resolveSibling(cookieFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the platform default
        }
        Files.writeString(tmp, COOKIE_USER + ":" + password, StandardCharsets.US_ASCII);
        Files.move(tmp, cookieFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new RpcAuth(COOKIE_USER, password, cookieFile);
    }

    public static RpcAuth userPassword(String user, String password) {
        if (user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("rpc user must be non-empty and without ':'");
        }
        return new RpcAuth(user, password, null);
    }

    /** The cookie file, or null with user/password auth. */
    public Path cookieFile() {
        return cookieFile;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Removes the cookie file, as bitcoind does on shutdown ({@code DeleteAuthCookie}). */
    public void deleteCookie() throws IOException {
        if (cookieFile != null) {
            Files.deleteIfExists(cookieFile);
        }
    }

    /** True if the {@code Authorization} header carries these credentials (constant-time comparison). */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Basic ")) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, decoded);
    }
}
