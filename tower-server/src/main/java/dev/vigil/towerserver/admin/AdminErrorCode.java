package dev.vigil.towerserver.admin;

/**
 * The admin commands' error codes, in {@code {"error": "...", "error_code": N}} as the public API sends its
 * own (docs/admin.md, "Errors"). Numbered from 100, apart from the public API's teos codes (1 to 65, and
 * 255), so that a client reading both never mistakes one for the other. Stable: a code keeps its number and
 * status once released.
 */
public enum AdminErrorCode {
    /** No {@code Authorization: Bearer <token>} header, or another token than {@code <datadir>/admin.token}'s. */
    UNAUTHORIZED(100, 401),
    /** The body is not a JSON object or is over 16 KB, or a field is missing or has the wrong JSON type. */
    INVALID_REQUEST(101, 400),
    /** A field is malformed or out of range: a user id, a locator, a cursor, a limit, a path. */
    INVALID_FIELD(102, 400),
    /** No such command (or not a POST). */
    UNKNOWN_COMMAND(103, 404),
    /** The user is not registered. */
    USER_NOT_FOUND(104, 404),
    /** The backup's path exists, or its directory does not: nothing was written. */
    BACKUP_REFUSED(105, 400),
    /** The store stopped or is closing: nothing can be read or copied (restart the tower). */
    STORE_UNAVAILABLE(106, 503),
    /** A failure no check foresaw (an I/O error during a backup, an unreadable record): the message says what. */
    INTERNAL_ERROR(107, 500);

    private final int code;
    private final int httpStatus;

    AdminErrorCode(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
