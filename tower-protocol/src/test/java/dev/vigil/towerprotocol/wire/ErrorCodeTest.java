package dev.vigil.towerprotocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The catalogue must equal rust-teos's numbers ({@code teos-common/src/errors.rs}) and statuses
 * ({@code api/http.rs::match_status}) as recorded in reference/peer-towers.md §2.2.
 */
class ErrorCodeTest {
    @Test
    void numbersAndStatusesAreTeos() {
        Map<String, int[]> teos = new LinkedHashMap<>();
        teos.put("MISSING_FIELD", new int[] {1, 400});
        teos.put("EMPTY_FIELD", new int[] {2, 400});
        teos.put("WRONG_FIELD_TYPE", new int[] {3, 400});
        teos.put("WRONG_FIELD_SIZE", new int[] {4, 400});
        teos.put("WRONG_FIELD_FORMAT", new int[] {5, 400});
        teos.put("INVALID_REQUEST_FORMAT", new int[] {6, 400});
        teos.put("INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR", new int[] {7, 401});
        teos.put("SERVICE_UNAVAILABLE", new int[] {32, 503});
        teos.put("APPOINTMENT_FIELD_TOO_SMALL", new int[] {33, 400});
        teos.put("APPOINTMENT_FIELD_TOO_BIG", new int[] {34, 400});
        teos.put("APPOINTMENT_ALREADY_TRIGGERED", new int[] {35, 400});
        teos.put("APPOINTMENT_NOT_FOUND", new int[] {36, 404});
        teos.put("REGISTRATION_RESOURCE_EXHAUSTED", new int[] {65, 400});
        teos.put("UNEXPECTED_ERROR", new int[] {255, 400});
        Map<String, int[]> all = new LinkedHashMap<>(teos);
        all.putAll(MONITORING);
        assertEquals(all.size(), ErrorCode.values().length);
        all.forEach((name, v) -> {
            ErrorCode c = ErrorCode.valueOf(name);
            assertEquals(v[0], c.code(), name);
            assertEquals(v[1], c.httpStatus(), name);
            assertEquals(Optional.of(c), ErrorCode.fromCode(v[0]));
        });
        assertEquals(Optional.empty(), ErrorCode.fromCode(8));
    }

    /** docs/monitoring.md 5.5: Vigil's own codes, apart from teos's and from the admin listener's 100-107. */
    private static final Map<String, int[]> MONITORING = new LinkedHashMap<>();

    static {
        MONITORING.put("MONITORING_DISABLED_FOR_USER", new int[] {120, 403});
        MONITORING.put("WATCH_NOT_FOUND", new int[] {121, 404});
        MONITORING.put("WATCH_KIND_UNSUPPORTED", new int[] {122, 400});
        MONITORING.put("WATCH_LIMIT_REACHED", new int[] {123, 400});
        MONITORING.put("CHALLENGE_UNKNOWN", new int[] {124, 401});
        MONITORING.put("CURSOR_AHEAD", new int[] {125, 400});
        MONITORING.put("WEBHOOK_URL_REFUSED", new int[] {126, 400});
        MONITORING.put("WEBHOOK_NOT_FOUND", new int[] {127, 404});
        MONITORING.put("TOO_MANY", new int[] {128, 429});
        MONITORING.put("REQUEST_HEIGHT_OUT_OF_RANGE", new int[] {129, 401});
        MONITORING.put("WEBHOOKS_DISABLED", new int[] {130, 404});
        MONITORING.put("INVALID_WATCH", new int[] {131, 400});
    }

    @Test
    void monitoringCodesFitAU8AndAvoidTheAdminRange() {
        for (ErrorCode c : ErrorCode.values()) {
            if (MONITORING.containsKey(c.name())) {
                assertEquals(true, c.code() >= 120 && c.code() <= 131, c.name());
            } else {
                assertEquals(false, c.code() >= 100 && c.code() <= 131, c.name());
            }
        }
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        for (ErrorCode c : ErrorCode.values()) {
            boolean expected = c == ErrorCode.SERVICE_UNAVAILABLE || c == ErrorCode.UNEXPECTED_ERROR
                    || c == ErrorCode.TOO_MANY || c == ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE;
            assertEquals(expected, c.retryable(), c.name());
        }
    }
}
