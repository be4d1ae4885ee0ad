package dev.vigil.devnet.rpc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON the way bitcoind's UniValue does where clients can tell: amounts as plain decimals with eight
 * places ({@code ValueFromAmount}: {@code 0.00000001}, never {@code 1E-8}), integers as integers, doubles in
 * their shortest round-trip form.
 */
public final class RpcJson {
    private RpcJson() {
    }

    /** {@code ValueFromAmount}: satoshis as a BTC decimal with 8 places. */
    public static BigDecimal amount(long sat) {
        return BigDecimal.valueOf(sat, 8);
    }

    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof JsonObject o) {
            writeObject(o.getMap(), out);
        } else if (value instanceof Map<?, ?> m) {
            writeObject(m, out);
        } else if (value instanceof JsonArray a) {
            writeArray(a.getList(), out);
        } else if (value instanceof Iterable<?> list) {
            writeArray(list, out);
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Double d) {
            out.append(Double.isFinite(d) ? univalueDouble(d) : "null");
        } else if (value instanceof Float f) {
            out.append(Float.isFinite(f) ? Float.toString(f) : "null");
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else {
            writeString(value.toString(), out);
        }
    }

    /**
     * UniValue's {@code setFloat}: {@code std::setprecision(16)} in the default (%g-like) notation, so that
     * clients parse exactly the double bitcoind printed (e.g. difficulty {@code 4.656542373906925e-10}).
     */
    static String univalueDouble(double d) {
        if (d == 0) {
            return "0";
        }
        java.math.BigDecimal v = new java.math.BigDecimal(d).round(new java.math.MathContext(16)).stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            java.math.BigDecimal mantissa = v.movePointLeft(exponent);
            String e = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        return v.toPlainString();
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(String.valueOf(e.getKey()), out);
            out.append(':');
            write(e.getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(Iterable<?> list, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object v : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(v, out);
        }
        out.append(']');
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
