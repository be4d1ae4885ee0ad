package dev.vigil.config;

import java.nio.file.Path;
import java.util.Objects;

/** How the tower authenticates to bitcoind's JSON-RPC. */
public sealed interface RpcAuth {
    /** bitcoind's cookie file, re-read after every 401 because bitcoind rewrites it at each start. */
    record Cookie(Path file) implements RpcAuth {
        public Cookie {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Static credentials ({@code -rpcuser}/{@code -rpcpassword} or {@code -rpcauth}). */
    record UserPassword(String user, String password) implements RpcAuth {
        public UserPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("user must not be empty");
            }
        }

        @Override
        public String toString() {
            return "UserPassword[user=" + user + ", password=<redacted>]";
        }
    }
}
