package dev.vigil.towerprotocol.wire;

import java.util.Objects;

/**
 * An error as the API sends it: {@code {"error": message, "error_code": n}} with
 * {@link ErrorCode#httpStatus()}. Messages follow rust-teos's wording where teos has one, so logs and
 * clients written against teos read the same.
 */
public record ApiError(ErrorCode code, String message) {
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ApiError missingField(String field) {
        return new ApiError(ErrorCode.MISSING_FIELD, "missing field `" + field + "`");
    }

    public static ApiError emptyField(String field) {
        return new ApiError(ErrorCode.EMPTY_FIELD, "`" + field + "` field is empty");
    }

    public static ApiError wrongFieldSize(String field, int received, int expected) {
        return new ApiError(ErrorCode.WRONG_FIELD_SIZE,
                "Wrong `" + field + "` field size. Expected " + expected + ", received " + received);
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
