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
    UNEXPECTED_ERROR(255, 400, true),

    // Channel monitoring (docs/monitoring.md 5.5): an extension teos clients never call. 120-131 keep
    // clear of teos's numbers and of the admin listener's 100-107, and still fit a u8.
    /** The operator turned monitoring off for this user ({@code monitor.users.deny}). */
    MONITORING_DISABLED_FOR_USER(120, 403, false),
    /** Remove of a watch the user does not hold. */
    WATCH_NOT_FOUND(121, 404, false),
    /** A watch of a kind this tower does not take ({@code monitor.watches.kinds}). */
    WATCH_KIND_UNSUPPORTED(122, 400, false),
    /** {@code monitor.watches.max-per-user} reached. */
    WATCH_LIMIT_REACHED(123, 400, false),
    /** A stream challenge that is unknown, used or expired. */
    CHALLENGE_UNKNOWN(124, 401, false),
    /** {@code after} (or {@code Last-Event-ID}) beyond the user's head: the cursor is another tower's or a deleted user's. */
    CURSOR_AHEAD(125, 400, false),
    /** A webhook URL refused for its scheme, length, userinfo or target address. */
    WEBHOOK_URL_REFUSED(126, 400, false),
    /** Remove or status without a webhook. */
    WEBHOOK_NOT_FOUND(127, 404, false),
    /** Stream limits or the challenge rate. */
    TOO_MANY(128, 429, true),
    /** The request's {@code height} is outside {@code [tip - 6, tip + 1]}; the answer carries {@code tower_height}. */
    REQUEST_HEIGHT_OUT_OF_RANGE(129, 401, true),
    /** {@code monitor.webhooks.enabled} is false. */
    WEBHOOKS_DISABLED(130, 404, false),
    /** A hint of the wrong size, an outpoint that does not parse, a vout of 2^32 or more. */
    INVALID_WATCH(131, 400, false);

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
