package dev.vigil.towerprotocol.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentNotFound;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoRequest;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoResponse;
import dev.vigil.towerprotocol.wire.Messages.RegisterRequest;
import dev.vigil.towerprotocol.wire.Messages.RegisterResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON for the teos public API, both directions, byte-compatible with rust-teos: lowercase hex for
 * bytes, display-order hex for {@code dispute_txid}/{@code penalty_txid} ({@code serde_be}), zbase32
 * strings for signatures, field names and order as teos writes them.
 *
 * <p>Parsing reproduces teos's classification of bad input (rust-teos {@code api/http.rs}
 * {@code handle_rejection} and the per-endpoint checks): wrong JSON type → {@code WRONG_FIELD_TYPE},
 * missing field → {@code MISSING_FIELD}, bad hex → {@code WRONG_FIELD_FORMAT}, empty →
 * {@code EMPTY_FIELD}, wrong length → {@code WRONG_FIELD_SIZE}, anything else (malformed JSON, an
 * out-of-range number, a duplicate key) → {@code INVALID_REQUEST_FORMAT}. Hostile input (deep
 * nesting, huge numbers, duplicate keys, trailing data, invalid UTF-8) yields such an error; nothing
 * escapes as an exception. Thread-safe.
 */
public final class TeosJson {
    /** Smallest standard transaction (bitcoind MIN_STANDARD_TX_NONWITNESS_SIZE, Core 25+). */
    public static final int MIN_TRANSACTION_BYTES = 65;
    /** An encrypted blob shorter than this cannot hold a standard transaction plus the AEAD tag. */
    public static final int MIN_ENCRYPTED_BLOB_BYTES = MIN_TRANSACTION_BYTES + BlobCipher.TAG_LENGTH;

    private static final ObjectMapper MAPPER = newMapper();

    private final Secp256k1 secp;
    private final int maxEncryptedBlobBytes;

    /**
     * @param secp checks that a registering {@code user_id} is a point on the curve
     * @param maxEncryptedBlobBytes the largest blob accepted ({@code APPOINTMENT_FIELD_TOO_BIG} above)
     */
    public TeosJson(Secp256k1 secp, int maxEncryptedBlobBytes) {
        this.secp = Objects.requireNonNull(secp, "secp");
        if (maxEncryptedBlobBytes < MIN_ENCRYPTED_BLOB_BYTES) {
            throw new IllegalArgumentException("maxEncryptedBlobBytes must be at least " + MIN_ENCRYPTED_BLOB_BYTES);
        }
        this.maxEncryptedBlobBytes = maxEncryptedBlobBytes;
    }

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxNumberLength(40)
                        .maxStringLength(8 * 1024 * 1024)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        return mapper;
    }

    // ---------------------------------------------------------------- requests (tower side)

    public Parsed<RegisterRequest> parseRegisterRequest(byte[] body) {
        return JsonFields.parse(MAPPER, body, "RegisterRequest", obj -> {
            Bytes userId = obj.hex("user_id");
            JsonFields.requireSize("user_id", userId, PublicKey.LENGTH);
            // teos: UserId::from_slice fails → InvalidArgument → WRONG_FIELD_FORMAT (api/internal.rs).
            PublicKey key = PublicKey.parse(userId, secp).orElseThrow(() -> new JsonFields.Rejection(new ApiError(
                    ErrorCode.WRONG_FIELD_FORMAT,
                    "Provided public key does not match expected format (33-byte compressed key)")));
            return new RegisterRequest(new UserId(key));
        });
    }

    public Parsed<AddAppointmentRequest> parseAddAppointmentRequest(byte[] body) {
        return JsonFields.parse(MAPPER, body, "AddAppointmentRequest", obj -> {
            Appointment appointment = appointment(obj.object("appointment", "Appointment"));
            String signature = obj.nonEmptyText("signature");
            return new AddAppointmentRequest(appointment, signature);
        });
    }

    public Parsed<GetAppointmentRequest> parseGetAppointmentRequest(byte[] body) {
        return JsonFields.parse(MAPPER, body, "GetAppointmentRequest",
                obj -> new GetAppointmentRequest(locator(obj), obj.nonEmptyText("signature")));
    }

    public Parsed<GetSubscriptionInfoRequest> parseGetSubscriptionInfoRequest(byte[] body) {
        return JsonFields.parse(MAPPER, body, "GetSubscriptionInfoRequest", obj -> new GetSubscriptionInfoRequest(obj.nonEmptyText("signature")));
    }

    /** The {@code locator} member: bad hex → {@code WRONG_FIELD_FORMAT}, then its size. */
    private static Locator locator(JsonFields obj) {
        Bytes locator = obj.hex("locator");
        JsonFields.requireSize("locator", locator, Locator.LENGTH);
        return new Locator(locator);
    }

    private Appointment appointment(JsonFields a) {
        Bytes locator = a.hex("locator");
        Bytes blob = a.hex("encrypted_blob");
        long toSelfDelay = a.u32("to_self_delay");
        JsonFields.requireSize("locator", locator, Locator.LENGTH);
        if (blob.isEmpty()) {
            throw new JsonFields.Rejection(ApiError.emptyField("encrypted_blob"));
        }
        if (blob.length() < MIN_ENCRYPTED_BLOB_BYTES) {
            throw new JsonFields.Rejection(new ApiError(ErrorCode.APPOINTMENT_FIELD_TOO_SMALL, "`encrypted_blob` of " + blob.length()
                    + " bytes cannot hold a transaction (minimum " + MIN_ENCRYPTED_BLOB_BYTES + ")"));
        }
        if (blob.length() > maxEncryptedBlobBytes) {
            throw new JsonFields.Rejection(new ApiError(ErrorCode.APPOINTMENT_FIELD_TOO_BIG, "`encrypted_blob` of " + blob.length()
                    + " bytes is over this tower's maximum of " + maxEncryptedBlobBytes));
        }
        return new Appointment(new Locator(locator), blob, toSelfDelay);
    }

    // ---------------------------------------------------------------- responses (tower side)

    public static String toJson(RegisterResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        RegistrationReceipt receipt = r.receipt();
        o.put("user_id", receipt.userId().toHex());
        o.put("available_slots", receipt.availableSlots());
        o.put("subscription_start", receipt.subscriptionStart());
        o.put("subscription_expiry", receipt.subscriptionExpiry());
        o.put("subscription_signature", r.subscriptionSignature());
        return write(o);
    }

    public static String toJson(AddAppointmentResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("locator", r.locator().toHex());
        o.put("start_block", r.startBlock());
        o.put("signature", r.signature());
        o.put("available_slots", r.availableSlots());
        o.put("subscription_expiry", r.subscriptionExpiry());
        return write(o);
    }

    public static String toJson(GetAppointmentResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode data = o.putObject("appointment");
        if (r instanceof GetAppointmentResponse.BeingWatched w) {
            putAppointment(data, w.appointment());
            o.put("status", "being_watched");
        } else {
            GetAppointmentResponse.DisputeResponded d = (GetAppointmentResponse.DisputeResponded) r;
            data.put("dispute_txid", d.disputeTxid().toDisplayHex());
            data.put("penalty_txid", d.penaltyTxid().toDisplayHex());
            data.put("penalty_rawtx", d.penaltyRawTx().toHex());
            o.put("status", "dispute_responded");
        }
        return write(o);
    }

    public static String toJson(GetSubscriptionInfoResponse r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("available_slots", r.availableSlots());
        o.put("subscription_expiry", r.subscriptionExpiry());
        ArrayNode locators = o.putArray("locators");
        r.locators().forEach(l -> locators.add(l.toHex()));
        return write(o);
    }

    public static String toJson(ApiError e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", e.message());
        o.put("error_code", e.code().code());
        return write(o);
    }

    // ---------------------------------------------------------------- requests (client side)

    public static String toJson(RegisterRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("user_id", r.userId().toHex());
        return write(o);
    }

    public static String toJson(AddAppointmentRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        putAppointment(o.putObject("appointment"), r.appointment());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(GetAppointmentRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("locator", r.locator().toHex());
        o.put("signature", r.signature());
        return write(o);
    }

    public static String toJson(GetSubscriptionInfoRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("signature", r.signature());
        return write(o);
    }

    private static void putAppointment(ObjectNode o, Appointment a) {
        o.put("locator", a.locator().toHex());
        o.put("encrypted_blob", a.encryptedBlob().toHex());
        o.put("to_self_delay", a.toSelfDelay());
    }

    // ---------------------------------------------------------------- responses (client side)

    public Parsed<RegisterResponse> parseRegisterResponse(byte[] body) {
        return JsonFields.parse(MAPPER, body, "RegisterResponse", obj -> {
            Bytes userId = obj.hex("user_id");
            JsonFields.requireSize("user_id", userId, PublicKey.LENGTH);
            PublicKey key = PublicKey.parse(userId, secp).orElseThrow(() -> new JsonFields.Rejection(
                    new ApiError(ErrorCode.WRONG_FIELD_FORMAT, "`user_id` is not a compressed public key")));
            RegistrationReceipt receipt = new RegistrationReceipt(new UserId(key), obj.u32("available_slots"),
                    obj.u32("subscription_start"), obj.u32("subscription_expiry"));
            return new RegisterResponse(receipt, obj.nonEmptyText("subscription_signature"));
        });
    }

    public Parsed<AddAppointmentResponse> parseAddAppointmentResponse(byte[] body) {
        return JsonFields.parse(MAPPER, body, "AddAppointmentResponse", obj -> new AddAppointmentResponse(locator(obj),
                obj.u32("start_block"), obj.nonEmptyText("signature"), obj.u32("available_slots"), obj.u32("subscription_expiry")));
    }

    public Parsed<GetAppointmentResponse> parseGetAppointmentResponse(byte[] body) {
        return JsonFields.parse(MAPPER, body, "GetAppointmentResponse", obj -> {
            String status = obj.nonEmptyText("status");
            JsonFields data = obj.object("appointment", "AppointmentData");
            switch (status) {
                case "being_watched":
                    return new GetAppointmentResponse.BeingWatched(appointment(data));
                case "dispute_responded":
                    return new GetAppointmentResponse.DisputeResponded(
                            data.txid("dispute_txid"), data.txid("penalty_txid"), data.hex("penalty_rawtx"));
                default:
                    throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "Unknown status: " + status));
            }
        });
    }

    /**
     * Reads a {@code get_appointment} answer whose {@code status} is {@code "not_found"}
     * ({@link GetAppointmentNotFound}); a {@code locator} member, if present, must be a locator. Any
     * other status, or none, is {@link Parsed.Invalid}. The HTTP status is the caller's to check.
     */
    public static Parsed<GetAppointmentNotFound> parseGetAppointmentNotFound(byte[] body) {
        return JsonFields.parse(MAPPER, body, "GetAppointmentResponse", obj -> {
            String status = obj.nonEmptyText("status");
            if (!"not_found".equals(status)) {
                throw new JsonFields.Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "Unknown status: " + status));
            }
            if (!obj.has("locator")) {
                return new GetAppointmentNotFound(Optional.empty());
            }
            return new GetAppointmentNotFound(Optional.of(locator(obj)));
        });
    }

    public Parsed<GetSubscriptionInfoResponse> parseGetSubscriptionInfoResponse(byte[] body) {
        return JsonFields.parse(MAPPER, body, "GetSubscriptionInfoResponse", obj -> {
            long slots = obj.u32("available_slots");
            long expiry = obj.u32("subscription_expiry");
            List<Locator> locators = new ArrayList<>();
            for (Bytes b : obj.hexArray("locators")) {
                JsonFields.requireSize("locators", b, Locator.LENGTH);
                locators.add(new Locator(b));
            }
            return new GetSubscriptionInfoResponse(slots, expiry, locators);
        });
    }

    /** Parses an error body {@code {"error": ..., "error_code": n}}; unknown codes are UNEXPECTED_ERROR. */
    public static Parsed<ApiError> parseApiError(byte[] body) {
        return JsonFields.parse(MAPPER, body, "ApiError", obj -> {
            String message = obj.text("error");
            long code = obj.u32("error_code");
            return new ApiError(ErrorCode.fromCode((int) Math.min(code, Integer.MAX_VALUE)).orElse(ErrorCode.UNEXPECTED_ERROR), message);
        });
    }

    private static String write(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** UTF-8 bytes of a JSON string, for callers holding text. */
    public static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
