package dev.vigil.towerprotocol.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a JSON request or response body, read with teos's classification of bad input
 * (rust-teos {@code api/http.rs} and serde's wording): missing → {@code MISSING_FIELD}, wrong JSON type
 * → {@code WRONG_FIELD_TYPE}, bad hex → {@code WRONG_FIELD_FORMAT}, empty → {@code EMPTY_FIELD}, wrong
 * length → {@code WRONG_FIELD_SIZE}, an out-of-range number → {@code INVALID_REQUEST_FORMAT}. Shared by
 * {@link TeosJson} and the monitoring routes' {@code MonitorJson}, so both answer bad input alike.
 */
public final class JsonFields {
    private final ObjectNode node;

    /** The fields of {@code node}, an already parsed object. */
    public JsonFields(ObjectNode node) {
        this.node = node;
    }

    /** The member {@code field}; missing → {@code MISSING_FIELD}. */
    public JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new Rejection(ApiError.missingField(field));
        }
        return v;
    }

    public String text(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Rejection(invalidType(v, "a string"));
        }
        return v.asText();
    }

    public String nonEmptyText(String field) {
        String t = text(field);
        if (t.isEmpty()) {
            throw new Rejection(ApiError.emptyField(field));
        }
        return t;
    }

    public Bytes hex(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Rejection(invalidType(v, "a hex encoded string"));
        }
        return decodeHex(v.asText());
    }

    public Txid txid(String field) {
        Bytes b = hex(field);
        requireSize(field, b, Txid.LENGTH);
        return new Txid(b.reversed());
    }

    public List<Bytes> hexArray(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new Rejection(invalidType(v, "a sequence"));
        }
        List<Bytes> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new Rejection(invalidType(e, "a hex encoded string"));
            }
            out.add(decodeHex(e.asText()));
        }
        return out;
    }

    /** An unsigned 32-bit integer. */
    public long u32(String field) {
        return unsigned(field, Uint32.MAX, "u32");
    }

    public JsonFields object(String field, String structName) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            // teos: a proto message field is an Option; absent or null both mean "missing".
            throw new Rejection(ApiError.missingField(field));
        }
        if (!v.isObject()) {
            throw new Rejection(invalidType(v, "struct " + structName));
        }
        return new JsonFields((ObjectNode) v);
    }

    private static Bytes decodeHex(String text) {
        Optional<Hex.Problem> problem = Hex.problem(text);
        if (problem.isPresent()) {
            throw new Rejection(new ApiError(ErrorCode.WRONG_FIELD_FORMAT, hexCrateMessage(text, problem.get())));
        }
        return Bytes.fromHex(text);
    }

    /** The hex crate's wording, which teos clients may match on. */
    private static String hexCrateMessage(String text, Hex.Problem problem) {
        return switch (problem.kind()) {
            case ODD_LENGTH -> "Odd number of digits";
            case INVALID_CHARACTER -> "Invalid character '" + text.charAt(problem.position()) + "' at position "
                    + problem.position();
        };
    }

    /** Whether the member {@code field} is present. */
    public boolean has(String field) {
        return node.has(field);
    }

    /** A JSON boolean. */
    public boolean bool(String field) {
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw new Rejection(invalidType(v, "a boolean"));
        }
        return v.booleanValue();
    }

    /** A non-negative integer no greater than {@code max}, named {@code typeName} in errors ({@code u64}, …). */
    public long unsigned(String field, long max, String typeName) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber()) {
            throw new Rejection(invalidType(v, typeName));
        }
        BigInteger b = v.bigIntegerValue();
        if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new Rejection(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT,
                    "invalid value: integer `" + b + "`, expected " + typeName));
        }
        return b.longValue();
    }

    /** Empty → {@code EMPTY_FIELD}, another length → {@code WRONG_FIELD_SIZE}. */
    public static void requireSize(String field, Bytes value, int expected) {
        if (value.isEmpty()) {
            throw new Rejection(ApiError.emptyField(field));
        }
        if (value.length() != expected) {
            throw new Rejection(ApiError.wrongFieldSize(field, value.length(), expected));
        }
    }

    /** Reads a body's fields into a value, throwing {@link Rejection} on a field problem. */
    public interface Body<T> {
        T read(JsonFields obj);
    }

    /** Control flow inside a {@link Body}: a field check failed with this API error, which {@link #parse} returns. */
    public static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ApiError error;

        public Rejection(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /**
     * Parses {@code body} with {@code mapper} and reads it with {@code reader}; malformed JSON, a
     * non-object, a {@link Rejection} or a value type's {@link IllegalArgumentException} become the
     * {@link Parsed.Invalid} teos would answer with. Never throws on bad input.
     */
    public static <T> Parsed<T> parse(ObjectMapper mapper, byte[] body, String structName, Body<T> reader) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid<>(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, jsonProblem(e)));
        } catch (IOException | RuntimeException e) {
            return new Parsed.Invalid<>(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "unreadable body: " + e.getClass().getSimpleName()));
        }
        if (root == null || root.isMissingNode()) {
            return new Parsed.Invalid<>(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, "EOF while parsing a value at line 1 column 0"));
        }
        try {
            if (!root.isObject()) {
                throw new Rejection(invalidType(root, "struct " + structName));
            }
            return new Parsed.Ok<>(reader.read(new JsonFields((ObjectNode) root)));
        } catch (Rejection r) {
            return new Parsed.Invalid<>(r.error);
        } catch (IllegalArgumentException e) {
            // A value type refused a value the field checks let through; still the client's input.
            return new Parsed.Invalid<>(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, e.getMessage()));
        }
    }

    /** The text before the first line break: String.lines() is not in Android API 26. */
    private static String firstLine(String m) {
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '\n' || c == '\r') {
                return m.substring(0, i);
            }
        }
        return m;
    }

    private static String jsonProblem(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.contains("Duplicate field")) {
            return "duplicate field in JSON object: " + m.replaceAll("^.*Duplicate field ('[^']*').*$", "$1");
        }
        String first = m == null || m.isEmpty() ? "malformed JSON" : firstLine(m);
        if (first.length() > 200) {
            first = first.substring(0, 200) + "…";
        }
        com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
        return loc == null ? first : first + " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    /** serde's wording: {@code invalid type: integer `1`, expected a string}. */
    private static ApiError invalidType(JsonNode found, String expected) {
        return new ApiError(ErrorCode.WRONG_FIELD_TYPE, "invalid type: " + describe(found) + ", expected " + expected);
    }

    private static String describe(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        if (n.isBoolean()) {
            return "boolean `" + n.asBoolean() + "`";
        }
        if (n.isIntegralNumber()) {
            return "integer `" + n.asText() + "`";
        }
        if (n.isNumber()) {
            return "floating point `" + n.asText() + "`";
        }
        if (n.isTextual()) {
            String t = n.asText();
            return "string \"" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"";
        }
        if (n.isArray()) {
            return "sequence";
        }
        return "map";
    }
}
