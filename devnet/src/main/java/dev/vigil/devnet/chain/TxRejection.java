package dev.vigil.devnet.chain;

import java.util.Objects;

/**
 * Why a transaction was refused, as bitcoind's {@code TxValidationState}: a short reject reason, an optional
 * debug message, and the result class that decides the RPC error code.
 */
public record TxRejection(Kind kind, String reason, String debug) {
    /** The {@code TxValidationResult} classes the RPC layer tells apart. */
    public enum Kind {
        /** {@code TX_MISSING_INPUTS}: sendrawtransaction answers -25. */
        MISSING_INPUTS,
        /** Every other invalid result: sendrawtransaction answers -26 with {@link #message()}. */
        INVALID
    }

    public TxRejection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(debug, "debug");
        if (reason.isEmpty()) {
            throw new IllegalArgumentException("empty reject reason");
        }
    }

    public static TxRejection invalid(String reason) {
        return new TxRejection(Kind.INVALID, reason, "");
    }

    public static TxRejection invalid(String reason, String debug) {
        return new TxRejection(Kind.INVALID, reason, debug);
    }

    /** {@code ValidationState::ToString}: the reason, then ", " and the debug message when there is one. */
    public String message() {
        return debug.isEmpty() ? reason : reason + ", " + debug;
    }
}
