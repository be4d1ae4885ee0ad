package dev.vigil.towerprotocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad and hostile bodies get the precise teos error (code and wording); nothing escapes as an
 * exception. The first cases mirror rust-teos's own {@code api/http.rs} tests.
 */
class HostileRequestTest {
    private static final TeosJson JSON = new TeosJson(Secp256k1Backends.best(), 4096);
    private static final String USER = "035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30";
    private static final String LOCATOR = "11ae240f963f62db11371ba115af29de";
    private static final String BLOB = "00".repeat(100);
    private static final String SIG = "d9bckq11emuxg7e67xakgzhgnde5yp3txmwfq5to9g86cw53jpqmrfr5aft83bowy6tfofcwyxqqet7tpr8sfa6dy1s759mp3rc9qi5t";

    static Stream<Arguments> registerCases() {
        return Stream.of(
                Arguments.of("", ErrorCode.INVALID_REQUEST_FORMAT, "EOF while parsing"),
                Arguments.of("\"\"", ErrorCode.WRONG_FIELD_TYPE, "expected struct"),
                Arguments.of("{}", ErrorCode.MISSING_FIELD, "missing field `user_id`"),
                Arguments.of("{\"user_id\": \"\"}", ErrorCode.EMPTY_FIELD, "`user_id` field is empty"),
                Arguments.of("{\"user_id\": \"a\"}", ErrorCode.WRONG_FIELD_FORMAT, "Odd number of digits"),
                Arguments.of("{\"user_id\": \"022fa2900ed7fc07b4e8ca3ea081e846245b0497944644aa78ea0b994ac22074dZ\"}",
                        ErrorCode.WRONG_FIELD_FORMAT, "Invalid character 'Z' at position 65"),
                Arguments.of("{\"user_id\": \"aa\"}", ErrorCode.WRONG_FIELD_SIZE, "Wrong `user_id` field size. Expected 33, received 1"),
                Arguments.of("{\"user_id\": 1}", ErrorCode.WRONG_FIELD_TYPE, "invalid type: integer `1`"),
                Arguments.of("{\"user_id\": null}", ErrorCode.WRONG_FIELD_TYPE, "invalid type: null"),
                Arguments.of("[\"" + USER + "\"]", ErrorCode.WRONG_FIELD_TYPE, "invalid type: sequence"),
                // x = 0 has no point on secp256k1: the right shape, not a key.
                Arguments.of("{\"user_id\": \"02" + "00".repeat(32) + "\"}", ErrorCode.WRONG_FIELD_FORMAT, "33-byte compressed key"),
                Arguments.of("{\"user_id\": \"04" + USER.substring(2) + "\"}", ErrorCode.WRONG_FIELD_FORMAT, "33-byte compressed key"),
                Arguments.of("{\"user_id\": \"" + USER + "\", \"user_id\": \"" + USER + "\"}", ErrorCode.INVALID_REQUEST_FORMAT, "duplicate field"),
                Arguments.of("{\"user_id\": \"" + USER + "\"} {}", ErrorCode.INVALID_REQUEST_FORMAT, ""),
                Arguments.of("{\"user_id\": \"" + USER + "\"", ErrorCode.INVALID_REQUEST_FORMAT, ""),
                Arguments.of("{'user_id': '" + USER + "'}", ErrorCode.INVALID_REQUEST_FORMAT, ""),
                Arguments.of("[".repeat(5000), ErrorCode.INVALID_REQUEST_FORMAT, ""),
                Arguments.of("{\"a\":".repeat(100) + "1" + "}".repeat(100), ErrorCode.INVALID_REQUEST_FORMAT, ""));
    }

    @ParameterizedTest
    @MethodSource("registerCases")
    void register(String body, ErrorCode code, String messagePart) {
        ApiError e = invalid(JSON.parseRegisterRequest(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(code, e.code(), e.message());
        assertTrue(e.message().contains(messagePart), e.message());
    }

    static Stream<Arguments> addAppointmentCases() {
        return Stream.of(
                Arguments.of("{\"signature\": \"aa\"}", ErrorCode.MISSING_FIELD, "missing field `appointment`"),
                Arguments.of("{\"appointment\": null, \"signature\": \"aa\"}", ErrorCode.MISSING_FIELD, "missing field `appointment`"),
                Arguments.of("{\"appointment\": \"x\", \"signature\": \"aa\"}", ErrorCode.WRONG_FIELD_TYPE, "expected struct Appointment"),
                Arguments.of(add(LOCATOR, BLOB, "144", null), ErrorCode.MISSING_FIELD, "missing field `signature`"),
                Arguments.of(add(LOCATOR, BLOB, "144", "\"\""), ErrorCode.EMPTY_FIELD, "`signature` field is empty"),
                Arguments.of(add(LOCATOR, BLOB, "144", "7"), ErrorCode.WRONG_FIELD_TYPE, "expected a string"),
                Arguments.of(add("", BLOB, "144", q(SIG)), ErrorCode.EMPTY_FIELD, "`locator` field is empty"),
                Arguments.of(add(LOCATOR.substring(2), BLOB, "144", q(SIG)), ErrorCode.WRONG_FIELD_SIZE, "Expected 16, received 15"),
                Arguments.of(add(LOCATOR + "0", BLOB, "144", q(SIG)), ErrorCode.WRONG_FIELD_FORMAT, "Odd number of digits"),
                Arguments.of(add(LOCATOR, "", "144", q(SIG)), ErrorCode.EMPTY_FIELD, "`encrypted_blob` field is empty"),
                Arguments.of(add(LOCATOR, "00".repeat(80), "144", q(SIG)), ErrorCode.APPOINTMENT_FIELD_TOO_SMALL, "minimum 81"),
                Arguments.of(add(LOCATOR, "00".repeat(4097), "144", q(SIG)), ErrorCode.APPOINTMENT_FIELD_TOO_BIG, "maximum of 4096"),
                Arguments.of(add(LOCATOR, "zz" + BLOB, "144", q(SIG)), ErrorCode.WRONG_FIELD_FORMAT, "Invalid character 'z' at position 0"),
                Arguments.of(add(LOCATOR, BLOB, "-1", q(SIG)), ErrorCode.INVALID_REQUEST_FORMAT, "expected u32"),
                Arguments.of(add(LOCATOR, BLOB, "4294967296", q(SIG)), ErrorCode.INVALID_REQUEST_FORMAT, "expected u32"),
                Arguments.of(add(LOCATOR, BLOB, "1" + "0".repeat(400), q(SIG)), ErrorCode.INVALID_REQUEST_FORMAT, ""),
                Arguments.of(add(LOCATOR, BLOB, "1.5", q(SIG)), ErrorCode.WRONG_FIELD_TYPE, "floating point"),
                Arguments.of(add(LOCATOR, BLOB, "1e400", q(SIG)), ErrorCode.WRONG_FIELD_TYPE, "floating point"),
                Arguments.of(add(LOCATOR, BLOB, "\"144\"", q(SIG)), ErrorCode.WRONG_FIELD_TYPE, "expected u32"),
                Arguments.of(add(LOCATOR, BLOB, "true", q(SIG)), ErrorCode.WRONG_FIELD_TYPE, "boolean"),
                Arguments.of("{\"appointment\": {\"locator\": \"" + LOCATOR + "\", \"encrypted_blob\": \"" + BLOB + "\"}, \"signature\": \"aa\"}",
                        ErrorCode.MISSING_FIELD, "missing field `to_self_delay`"));
    }

    @ParameterizedTest
    @MethodSource("addAppointmentCases")
    void addAppointment(String body, ErrorCode code, String messagePart) {
        ApiError e = invalid(JSON.parseAddAppointmentRequest(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(code, e.code(), e.message());
        assertTrue(e.message().contains(messagePart), e.message());
    }

    @Test
    void getAppointmentAndSubscriptionInfo() {
        assertEquals(ErrorCode.EMPTY_FIELD, invalid(JSON.parseGetAppointmentRequest(b("{\"locator\": \"\", \"signature\": \"x\"}"))).code());
        assertEquals(ErrorCode.WRONG_FIELD_SIZE, invalid(JSON.parseGetAppointmentRequest(b("{\"locator\": \"aabb\", \"signature\": \"x\"}"))).code());
        assertEquals(ErrorCode.EMPTY_FIELD, invalid(JSON.parseGetAppointmentRequest(b("{\"locator\": \"" + LOCATOR + "\", \"signature\": \"\"}"))).code());
        assertEquals(ErrorCode.MISSING_FIELD, invalid(JSON.parseGetAppointmentRequest(b("{\"signature\": \"x\"}"))).code());
        assertEquals(ErrorCode.MISSING_FIELD, invalid(JSON.parseGetSubscriptionInfoRequest(b("{}"))).code());
        assertEquals(ErrorCode.EMPTY_FIELD, invalid(JSON.parseGetSubscriptionInfoRequest(b("{\"signature\": \"\"}"))).code());
        assertEquals(SIG, JSON.parseGetSubscriptionInfoRequest(b("{\"signature\": \"" + SIG + "\", \"extra\": [1, {}]}")).orElseThrow().signature());
    }

    @Test
    void invalidUtf8IsARequestFormatError() {
        byte[] body = b("{\"signature\": \"xx\"}");
        body[15] = (byte) 0xc3;
        body[16] = (byte) 0x28;
        assertEquals(ErrorCode.INVALID_REQUEST_FORMAT, invalid(JSON.parseGetSubscriptionInfoRequest(body)).code());
    }

    /** Random mutations of valid bodies: every outcome is a value or an ApiError, never an exception. */
    @Test
    void fuzzedBodiesNeverThrow() {
        Random random = new Random(0xf022);
        byte[] seed = b(add(LOCATOR, BLOB, "144", q(SIG)));
        java.util.List<Function<byte[], Parsed<?>>> parsers = java.util.List.of(
                JSON::parseRegisterRequest, JSON::parseAddAppointmentRequest, JSON::parseGetAppointmentRequest,
                JSON::parseGetSubscriptionInfoRequest, JSON::parseRegisterResponse, JSON::parseAddAppointmentResponse,
                JSON::parseGetAppointmentResponse, JSON::parseGetSubscriptionInfoResponse, TeosJson::parseApiError);
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = random.nextInt(10) == 0 ? randomBytes(random) : mutate(seed, random);
            for (Function<byte[], Parsed<?>> p : parsers) {
                Parsed<?> r = p.apply(body);
                if (r instanceof Parsed.Invalid<?>) {
                    invalid++;
                }
            }
        }
        assertTrue(invalid > 0);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> {
                    String specials = "{}[]\":,0a-.e\\ ";
                    b[at] = (byte) specials.charAt(random.nextInt(specials.length()));
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static String add(String locator, String blob, String delay, String signature) {
        return "{\"appointment\": {\"locator\": \"" + locator + "\", \"encrypted_blob\": \"" + blob
                + "\", \"to_self_delay\": " + delay + "}" + (signature == null ? "" : ", \"signature\": " + signature) + "}";
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiError invalid(Parsed<?> p) {
        return assertInstanceOf(Parsed.Invalid.class, p, () -> "expected an error, parsed " + p).error();
    }
}
