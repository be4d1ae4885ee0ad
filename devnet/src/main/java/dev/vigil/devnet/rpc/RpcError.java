package dev.vigil.devnet.rpc;

import java.util.Objects;

/**
 * A JSON-RPC error as bitcoind returns it: code ({@code rpc/protocol.h} RPCErrorCode) and message.
 */
public record RpcError(int code, String message) {
    public static final int RPC_MISC_ERROR = -1;
    public static final int RPC_TYPE_ERROR = -3;
    public static final int RPC_INVALID_ADDRESS_OR_KEY = -5;
    public static final int RPC_INVALID_PARAMETER = -8;
    public static final int RPC_DESERIALIZATION_ERROR = -22;
    public static final int RPC_VERIFY_ERROR = -25;
    public static final int RPC_VERIFY_REJECTED = -26;
    public static final int RPC_VERIFY_ALREADY_IN_UTXO_SET = -27;
    public static final int RPC_INVALID_REQUEST = -32600;
    public static final int RPC_METHOD_NOT_FOUND = -32601;
    public static final int RPC_PARSE_ERROR = -32700;

    public RpcError {
        Objects.requireNonNull(message, "message");
    }

    /** Thrown by argument parsing deep inside a method; the dispatcher turns it into the error reply. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RpcError error;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.error = new RpcError(code, message);
        }

        RpcError error() {
            return error;
        }
    }

    static Failure fail(int code, String message) {
        return new Failure(code, message);
    }
}
