package dev.vigil.towerprotocol.wire;

import java.util.Optional;

/**
 * The error codes of the teos public API with their numbers and HTTP statuses exactly as rust-teos
 * sends them ({@code teos-common/src/errors.rs}, {@code teos/src/api/http.rs::match_status}), plus
 * whether a client may retry the same request unchanged later.
 *
 * <p>rust-teos answers every error not listed as 401, 404 or 503 with 400, including
 * {@code UNEXPECTED_ERROR}; Vigil keeps those statuses so that teos clients see no difference.
 */
public enum ErrorCode {
    MISSING_FIELD(1, 400, false),
    EMPTY_FIELD(2, 400, false),
    WRONG_FIELD_TYPE(3, 400, false),
    WRONG_FIELD_SIZE(4, 400, false),
    WRONG_FIELD_FORMAT(5, 400, false),
    INVALID_REQUEST_FORMAT(6, 400, false),
    /** Bad signature, unknown user, expired subscription or not enough slots. */
    INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR(7, 401, false),
    /** bitcoind is unreachable: the tower cannot promise to watch, so it accepts nothing. */
    SERVICE_UNAVAILABLE(32, 503, true),
    /** Defined by teos but unused there; Vigil sends it for a blob too short to hold a transaction. */
    APPOINTMENT_FIELD_TOO_SMALL(33, 400, false),
    /** Defined by teos but unused there; Vigil sends it for a blob over the configured maximum. */
    APPOINTMENT_FIELD_TOO_BIG(34, 400, false),
    APPOINTMENT_ALREADY_TRIGGERED(35, 400, false),
    APPOINTMENT_NOT_FOUND(36, 404, false),
    REGISTRATION_RESOURCE_EXHAUSTED(65, 400, false),
    UNEXPECTED_ERROR(255, 400, true);

    private final int code;
    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int code, int httpStatus, boolean retryable) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The number in {@code error_code}. */
    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same request may succeed later unchanged (the tower or its node recovers). */
    public boolean retryable() {
        return retryable;
    }

    public static Optional<ErrorCode> fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
