package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.Regtest;
import dev.vigil.towerprotocol.encoding.Hex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Positional parameters (named ones are mapped to positions), parsed as bitcoind's RPCHelpMan does. */
final class Params {
    private final List<Object> values;

    private Params(List<Object> values) {
        this.values = values;
    }

    static Params of(Object params, List<String> names) {
        if (params == null) {
            return new Params(List.of());
        }
        if (params instanceof JsonArray a) {
            List<Object> values = new ArrayList<>(a.size());
            a.forEach(values::add);
            return new Params(values);
        }
        if (params instanceof JsonObject o) {
            List<Object> values = new ArrayList<>();
            for (String name : names) {
                values.add(o.getValue(name));
            }
            for (String key : o.fieldNames()) {
                if (!names.contains(key)) {
                    throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Unknown named parameter " + key);
                }
            }
            return new Params(values);
        }
        throw RpcError.fail(RpcError.RPC_INVALID_REQUEST, "Params must be an array or object");
    }

    private Object get(int i) {
        return i < values.size() ? values.get(i) : null;
    }

    private static RpcError.Failure typeError(Object value, String expected) {
        return RpcError.fail(RpcError.RPC_TYPE_ERROR, "JSON value of type " + typeName(value)
                + " is not of expected type " + expected);
    }

    private static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof JsonArray || v instanceof List) {
            return "array";
        }
        return "object";
    }

    String requiredString(int i) {
        Object v = get(i);
        if (!(v instanceof String s)) {
            throw typeError(v, "string");
        }
        return s;
    }

    long requiredLong(int i) {
        Object v = get(i);
        if (!(v instanceof Number n)) {
            throw typeError(v, "number");
        }
        return n.longValue();
    }

    JsonArray requiredArray(int i) {
        Object v = get(i);
        if (v instanceof JsonArray a) {
            return a;
        }
        if (v instanceof List<?> l) {
            return new JsonArray(new ArrayList<>(l));
        }
        throw typeError(v, "array");
    }

    boolean bool(int i, boolean fallback) {
        Object v = get(i);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        throw typeError(v, "bool");
    }

    /** Verbosity given as a number or a boolean (getblock, getrawtransaction). */
    int verbosity(int i, int fallback) {
        Object v = get(i);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw typeError(v, "number");
    }

    /** {@code ParseHashV}: 64 hex characters. */
    String hash(int i, String name) {
        Object v = get(i);
        if (!(v instanceof String s)) {
            throw typeError(v, "string");
        }
        if (s.length() != 64) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER,
                    String.format(Locale.ROOT, "%s must be of length %d (not %d, for '%s')", name, 64, s.length(), s));
        }
        if (Hex.tryDecode(s).isEmpty()) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, name + " must be hexadecimal string (not '" + s + "')");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    Optional<String> optionalHash(int i, String name) {
        return get(i) == null ? Optional.empty() : Optional.of(hash(i, name));
    }

    /** {@code AmountFromValue}: a BTC amount (number or string) in satoshis. */
    long amountSat(int i, long fallback) {
        Object v = get(i);
        if (v == null) {
            return fallback;
        }
        BigDecimal btc;
        try {
            btc = v instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw RpcError.fail(RpcError.RPC_TYPE_ERROR, "Invalid amount");
        }
        BigDecimal sat = btc.movePointRight(8);
        if (sat.signum() < 0 || sat.stripTrailingZeros().scale() > 0 || sat.compareTo(BigDecimal.valueOf(Regtest.MAX_MONEY)) > 0) {
            throw RpcError.fail(RpcError.RPC_TYPE_ERROR, v instanceof Number && sat.signum() < 0 ? "Amount out of range" : "Invalid amount");
        }
        return sat.longValueExact();
    }

    /** A fee rate in BTC/kvB as sat/kvB. */
    long feeRate(int i, long fallback) {
        return get(i) == null ? fallback : amountSat(i, fallback);
    }
}
