package dev.vigil.breachdetector.rpc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to authenticate to bitcoind (doc/JSON-RPC-interface.md "Secure authentication").
 */
public sealed interface RpcCredentials permits RpcCredentials.CookieFile, RpcCredentials.UserPassword {

    /**
     * The {@code .cookie} file in bitcoind's network datadir (e.g. {@code <datadir>/regtest/.cookie}),
     * containing {@code __cookie__:<hex>}. bitcoind writes a new one at every start, so the client
     * reads it again after every 401.
     */
    record CookieFile(Path path) implements RpcCredentials {
        public CookieFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Static credentials ({@code rpcauth=} or {@code rpcuser}/{@code rpcpassword}). */
    record UserPassword(String user, String password) implements RpcCredentials {
        public UserPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.contains(":")) {
                throw new IllegalArgumentException("an RPC user name cannot contain ':'");
            }
        }

        @Override
        public String toString() {
            return "UserPassword[" + user + ", ****]";
        }
    }
}
