package dev.vigil.breachdetector.rpc;

/**
 * bitcoind's JSON-RPC error codes (src/rpc/protocol.h {@code RPCErrorCode}). What a code means for
 * a broadcast is in bitcoind-interface.md §2.1; which state gives which code is decided in
 * src/node/transaction.cpp and src/rpc/util.cpp {@code RPCErrorFromTransactionError}.
 */
public enum RpcErrorCode {
    // Standard JSON-RPC 2.0 errors.
    RPC_INVALID_REQUEST(-32600),
    RPC_METHOD_NOT_FOUND(-32601),
    RPC_INVALID_PARAMS(-32602),
    RPC_INTERNAL_ERROR(-32603),
    RPC_PARSE_ERROR(-32700),
    // General application errors.
    RPC_MISC_ERROR(-1),
    RPC_TYPE_ERROR(-3),
    RPC_INVALID_ADDRESS_OR_KEY(-5),
    RPC_OUT_OF_MEMORY(-7),
    RPC_INVALID_PARAMETER(-8),
    RPC_DATABASE_ERROR(-20),
    RPC_DESERIALIZATION_ERROR(-22),
    /** General error during transaction or block submission (e.g. missing inputs, fee above maxfeerate). */
    RPC_VERIFY_ERROR(-25),
    /** Rejected by network rules or policy (non-final, non-BIP68-final, min relay fee, script failure). */
    RPC_VERIFY_REJECTED(-26),
    /** "Transaction outputs already in utxo set": the transaction is confirmed. Formerly RPC_VERIFY_ALREADY_IN_CHAIN. */
    RPC_VERIFY_ALREADY_IN_UTXO_SET(-27),
    /** The node is still starting (loading blocks, verifying): retry. */
    RPC_IN_WARMUP(-28),
    RPC_METHOD_DEPRECATED(-32),
    // P2P client errors.
    RPC_CLIENT_NOT_CONNECTED(-9),
    RPC_CLIENT_IN_INITIAL_DOWNLOAD(-10),
    RPC_CLIENT_NODE_ALREADY_ADDED(-23),
    RPC_CLIENT_NODE_NOT_ADDED(-24),
    RPC_CLIENT_NODE_NOT_CONNECTED(-29),
    RPC_CLIENT_INVALID_IP_OR_SUBNET(-30),
    RPC_CLIENT_P2P_DISABLED(-31),
    RPC_CLIENT_MEMPOOL_DISABLED(-33),
    RPC_CLIENT_NODE_CAPACITY_REACHED(-34),
    // Wallet errors.
    RPC_WALLET_ERROR(-4),
    RPC_WALLET_INSUFFICIENT_FUNDS(-6),
    RPC_WALLET_INVALID_LABEL_NAME(-11),
    RPC_WALLET_KEYPOOL_RAN_OUT(-12),
    RPC_WALLET_UNLOCK_NEEDED(-13),
    RPC_WALLET_PASSPHRASE_INCORRECT(-14),
    RPC_WALLET_WRONG_ENC_STATE(-15),
    RPC_WALLET_ENCRYPTION_FAILED(-16),
    RPC_WALLET_ALREADY_UNLOCKED(-17),
    RPC_WALLET_NOT_FOUND(-18),
    RPC_WALLET_NOT_SPECIFIED(-19),
    RPC_WALLET_ALREADY_LOADED(-35),
    RPC_WALLET_ALREADY_EXISTS(-36),
    /** A code this client does not know; {@link RpcError#code()} has the number. */
    UNKNOWN(0);

    /** The name bitcoind's source used for -27 before v0.21 (and rust-teos still uses). */
    public static final RpcErrorCode RPC_VERIFY_ALREADY_IN_CHAIN = RPC_VERIFY_ALREADY_IN_UTXO_SET;

    private final int code;

    RpcErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The enum constant for a numeric code, {@link #UNKNOWN} if there is none. */
    public static RpcErrorCode of(int code) {
        for (RpcErrorCode c : values()) {
            if (c.code == code && c != UNKNOWN) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
