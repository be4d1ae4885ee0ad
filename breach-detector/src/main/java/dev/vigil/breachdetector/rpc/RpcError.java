package dev.vigil.breachdetector.rpc;

import java.util.Objects;

/**
 * An error bitcoind answered with: {@code {"code": ..., "message": ...}}.
 *
 * @param code    the numeric code as sent
 * @param message bitcoind's message, e.g. "non-BIP68-final" (the responder reads it for -25/-26)
 */
public record RpcError(int code, String message) {
    public RpcError {
        Objects.requireNonNull(message, "message");
    }

    /** The typed code ({@link RpcErrorCode#UNKNOWN} for codes this client does not know). */
    public RpcErrorCode kind() {
        return RpcErrorCode.of(code);
    }
}
