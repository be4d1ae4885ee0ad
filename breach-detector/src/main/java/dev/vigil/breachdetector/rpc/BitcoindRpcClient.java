package dev.vigil.breachdetector.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.breachdetector.block.BlockHeader;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * bitcoind's JSON-RPC interface, the calls the tower needs, over an {@link RpcTransport}.
 *
 * <p>Requests use JSON-RPC 1.0 framing ({@code "jsonrpc": "1.0"}), as bitcoin-cli does and as the
 * recorded traffic in fixtures/bitcoind/ shows: in that legacy mode bitcoind reports errors with
 * HTTP 500 (404 for an unknown method, 400 for an invalid request) and a body holding both
 * {@code result} and {@code error}. A JSON-RPC 2.0 style answer (HTTP 200, {@code error} only) is
 * understood too (doc/JSON-RPC-interface.md "JSON-RPC 1.1 vs 2.0").
 *
 * <p>Each call retries per its {@link RetryPolicy} on a refused or failed connection, a timeout,
 * HTTP 401 (re-reading the cookie file first: bitcoind writes a new one at every start), HTTP 503
 * "Work queue depth exceeded" (-rpcworkqueue full) and RPC_IN_WARMUP; every call made here is
 * idempotent, {@code sendrawtransaction} included (a transaction already in the mempool is a
 * success). Anything else comes back at once as a {@link RpcResult}.
 *
 * <p>Threading: thread-safe. Blocking: every method blocks for the HTTP exchange and any backoff;
 * call it from a worker thread.
 */
public final class BitcoindRpcClient {
    /**
     * The longest string bitcoind legitimately sends: a 4,000,000-byte block as hex is 8 M
     * characters. Jackson's limit is set to twice that, explicitly, rather than relying on its
     * default.
     */
    private static final int MAX_JSON_STRING = 16_000_000;
    /** Amounts are read as BigDecimal so that BTC values convert to satoshis exactly. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_JSON_STRING).build())
            .build()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);

    private final RpcTransport transport;
    private final RpcCredentials credentials;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final String path;
    private final AtomicLong ids;
    /** The cached Authorization header value; shared with wallet views; re-read after a 401. */
    private final AuthCache auth;

    public BitcoindRpcClient(RpcTransport transport, RpcCredentials credentials, RetryPolicy policy,
            Sleeper sleeper) {
        this(transport, credentials, policy, sleeper, "/", new AtomicLong(), new AuthCache());
    }

    private BitcoindRpcClient(RpcTransport transport, RpcCredentials credentials, RetryPolicy policy,
            Sleeper sleeper, String path, AtomicLong ids, AuthCache auth) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.path = path;
        this.ids = ids;
        this.auth = auth;
    }

    /** The same client addressing wallet {@code name} ({@code /wallet/<name>}), for wallet RPCs. */
    public BitcoindRpcClient forWallet(String name) {
        return new BitcoindRpcClient(transport, credentials, policy, sleeper,
                "/wallet/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"), ids, auth);
    }

    // ---------------------------------------------------------------- chain

    /** {@code getblockchaininfo}. */
    public RpcResult<BlockchainInfo> getBlockchainInfo() {
        return typed("getblockchaininfo", params(), r -> new BlockchainInfo(text(r, "chain"),
                integer(r, "blocks"), integer(r, "headers"), hash(r, "bestblockhash"),
                field(r, "initialblockdownload").asBoolean(), field(r, "verificationprogress").asDouble(),
                field(r, "pruned").asBoolean()));
    }

    /** {@code getbestblockhash}: the tip. */
    public RpcResult<Hash256> getBestBlockHash() {
        return typed("getbestblockhash", params(), BitcoindRpcClient::hashValue);
    }

    /** {@code getblockhash <height>} on the active chain; -8 when the height is out of range. */
    public RpcResult<Hash256> getBlockHash(int height) {
        return typed("getblockhash", params(height), BitcoindRpcClient::hashValue);
    }

    /** {@code getblockheader <hash> true}; -5 "Block not found" for an unknown hash. */
    public RpcResult<BlockHeaderInfo> getBlockHeader(Hash256 blockHash) {
        return typed("getblockheader", params(blockHash.displayHex(), true), r -> new BlockHeaderInfo(
                hash(r, "hash"), integer(r, "height"), field(r, "confirmations").asLong(),
                r.hasNonNull("previousblockhash") ? Optional.of(hash(r, "previousblockhash")) : Optional.empty(),
                hash(r, "merkleroot"), field(r, "time").asLong(), integer(r, "nTx")));
    }

    /** {@code getblockheader <hash> false}: the 80 serialized header bytes. */
    public RpcResult<BlockHeader> getBlockHeaderBytes(Hash256 blockHash) {
        return typed("getblockheader", params(blockHash.displayHex(), false),
                r -> new BlockHeader(hexValue(r)));
    }

    /** {@code getblock <hash> 0}: the serialized block; -5 "Block not found" for an unknown hash. */
    public RpcResult<Bytes> getBlock(Hash256 blockHash) {
        return typed("getblock", params(blockHash.displayHex(), 0), BitcoindRpcClient::hexValue);
    }

    // ---------------------------------------------------------------- transactions

    /**
     * {@code getrawtransaction <txid> false}: the serialized transaction. Without -txindex bitcoind
     * finds only mempool transactions (-5 otherwise); see {@link #getRawTransaction(Hash256, Hash256)}.
     */
    public RpcResult<Bytes> getRawTransaction(Hash256 txid) {
        return typed("getrawtransaction", params(txid.displayHex(), false), BitcoindRpcClient::hexValue);
    }

    /** {@code getrawtransaction <txid> false <blockhash>}: works without -txindex. */
    public RpcResult<Bytes> getRawTransaction(Hash256 txid, Hash256 blockHash) {
        return typed("getrawtransaction", params(txid.displayHex(), false, blockHash.displayHex()),
                BitcoindRpcClient::hexValue);
    }

    /**
     * {@code sendrawtransaction <hex> [maxfeerate]}: the txid on success (also when the transaction
     * is already in the mempool). Rejections come back as {@link RpcResult.Failed}; their meaning
     * for a justice transaction is tabled in bitcoind-interface.md §2.1.
     */
    public RpcResult<Hash256> sendRawTransaction(Bytes transaction, MaxFeeRate maxFeeRate) {
        ArrayNode p = params(transaction.toHex());
        maxFeeRate.btcPerKvB().ifPresent(p::add);
        return typed("sendrawtransaction", p, BitcoindRpcClient::hashValue);
    }

    /**
     * {@code testmempoolaccept [hex...] [maxfeerate]}: at most 25 transactions (MAX_PACKAGE_COUNT),
     * parents before children.
     */
    public RpcResult<List<MempoolAcceptResult>> testMempoolAccept(List<Bytes> transactions,
            MaxFeeRate maxFeeRate) {
        if (transactions.isEmpty() || transactions.size() > 25) {
            throw new IllegalArgumentException("testmempoolaccept takes 1 to 25 transactions, got "
                    + transactions.size());
        }
        ArrayNode txs = JSON.createArrayNode();
        transactions.forEach(t -> txs.add(t.toHex()));
        ArrayNode p = JSON.createArrayNode().add(txs);
        maxFeeRate.btcPerKvB().ifPresent(p::add);
        return typed("testmempoolaccept", p, r -> {
            List<MempoolAcceptResult> out = new ArrayList<>();
            for (JsonNode e : array(r)) {
                JsonNode fees = e.path("fees");
                out.add(new MempoolAcceptResult(hash(e, "txid"), hash(e, "wtxid"),
                        field(e, "allowed").asBoolean(), optionalText(e, "reject-reason"),
                        optionalText(e, "reject-details"),
                        e.hasNonNull("vsize") ? OptionalLong.of(e.get("vsize").asLong()) : OptionalLong.empty(),
                        fees.hasNonNull("base") ? OptionalLong.of(sats(fees.get("base"))) : OptionalLong.empty()));
            }
            return out;
        });
    }

    /** {@code getrawmempool}: the mempool's txids. */
    public RpcResult<RawMempool> getRawMempool() {
        return typed("getrawmempool", params(), r -> new RawMempool(hashes(r), OptionalLong.empty()));
    }

    /** {@code getrawmempool false true}: txids plus the mempool sequence, to sync with ZMQ A/R events. */
    public RpcResult<RawMempool> getRawMempoolWithSequence() {
        return typed("getrawmempool", params(false, true), r -> new RawMempool(hashes(field(r, "txids")),
                OptionalLong.of(field(r, "mempool_sequence").asLong())));
    }

    /** {@code estimatesmartfee <target>}. */
    public RpcResult<FeeEstimate> estimateSmartFee(int confTarget) {
        return typed("estimatesmartfee", params(confTarget), r -> {
            List<String> errors = new ArrayList<>();
            for (JsonNode e : r.path("errors")) {
                errors.add(e.asText());
            }
            OptionalLong rate = r.hasNonNull("feerate") ? OptionalLong.of(sats(r.get("feerate")))
                    : OptionalLong.empty();
            return new FeeEstimate(rate, errors, integer(r, "blocks"));
        });
    }

    // ---------------------------------------------------------------- generic

    /**
     * Any method, with parameters turned into JSON by Jackson; the raw {@code result} node (JSON
     * {@code null} for methods that return nothing).
     */
    public RpcResult<JsonNode> call(String method, List<?> parameters) {
        return execute(method, JSON.valueToTree(parameters));
    }

    private <T> RpcResult<T> typed(String method, ArrayNode params, Function<JsonNode, T> parse) {
        RpcResult<JsonNode> raw = execute(method, params);
        if (!(raw instanceof RpcResult.Ok<JsonNode> ok)) {
            return raw.map(r -> null);
        }
        try {
            return new RpcResult.Ok<>(parse.apply(ok.value()));
        } catch (BadShape | IllegalArgumentException e) {
            return new RpcResult.Unavailable<>(RpcResult.Reason.BAD_RESPONSE,
                    method + " returned an unexpected result: " + e.getMessage());
        }
    }

    private RpcResult<JsonNode> execute(String method, ArrayNode params) {
        RpcResult.Unavailable<JsonNode> last = null;
        boolean reloadCookie = false;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            if (attempt > 1) {
                try {
                    sleeper.sleep(policy.backoffAfter(attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new RpcResult.Unavailable<>(RpcResult.Reason.INTERRUPTED, method + " interrupted");
                }
            }
            String authorization;
            try {
                authorization = auth.header(credentials, reloadCookie);
            } catch (IOException e) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.UNAUTHORIZED,
                        "cannot read the RPC cookie file: " + e.getMessage());
                reloadCookie = true;
                continue;
            }
            reloadCookie = false;
            String id = "vigil-" + ids.incrementAndGet();
            ObjectNode request = JSON.createObjectNode();
            request.put("jsonrpc", "1.0");
            request.put("id", id);
            request.put("method", method);
            request.set("params", params);
            RpcHttpResponse response;
            try {
                response = transport.post(new RpcHttpRequest(path, Map.of(
                        "Authorization", authorization, "Content-Type", "application/json"),
                        Bytes.of(JSON.writeValueAsBytes(request)), policy.requestTimeout()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RpcResult.Unavailable<>(RpcResult.Reason.INTERRUPTED, method + " interrupted");
            } catch (IOException e) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.CONNECTION,
                        method + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                continue;
            }
            if (response.status() == 401) {
                // bitcoind restarted with a new cookie, or the credentials are wrong.
                last = new RpcResult.Unavailable<>(RpcResult.Reason.UNAUTHORIZED, method + ": HTTP 401");
                reloadCookie = true;
                continue;
            }
            if (response.status() == 503) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.BUSY, method + ": HTTP 503 "
                        + snippet(response.body()));
                continue;
            }
            RpcResult<JsonNode> result = interpret(method, id, response);
            if (result instanceof RpcResult.Failed<JsonNode> f
                    && f.error().kind() == RpcErrorCode.RPC_IN_WARMUP) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.BUSY, method + ": warming up: "
                        + f.error().message());
                continue;
            }
            return result;
        }
        return Objects.requireNonNull(last);
    }

    private static RpcResult<JsonNode> interpret(String method, String id, RpcHttpResponse response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body().toArray());
        } catch (IOException e) {
            return badResponse(method, response, "not JSON");
        }
        if (body == null || !body.isObject()) {
            return badResponse(method, response, "not a JSON-RPC object");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            if (!error.path("code").isInt()) {
                return badResponse(method, response, "error without an integer code");
            }
            return new RpcResult.Failed<>(new RpcError(error.get("code").asInt(),
                    error.path("message").asText("")));
        }
        if (response.status() != 200 || !body.has("result")) {
            return badResponse(method, response, "no result");
        }
        if (!id.equals(body.path("id").asText(null))) {
            return badResponse(method, response, "answer to another request id " + body.get("id"));
        }
        return new RpcResult.Ok<>(body.get("result"));
    }

    private static RpcResult<JsonNode> badResponse(String method, RpcHttpResponse response, String why) {
        return new RpcResult.Unavailable<>(RpcResult.Reason.BAD_RESPONSE, method + ": HTTP "
                + response.status() + ", " + why + ": " + snippet(response.body()));
    }

    private static String snippet(Bytes body) {
        int n = Math.min(body.length(), 200);
        return new String(body.slice(0, n).toArray(), StandardCharsets.UTF_8).strip();
    }

    // ---------------------------------------------------------------- parsing helpers

    /** The result did not have the shape the method promises. */
    private static final class BadShape extends RuntimeException {
        BadShape(String message) {
            super(message, null, false, false);
        }
    }

    private static ArrayNode params(Object... values) {
        ArrayNode p = JSON.createArrayNode();
        for (Object v : values) {
            p.add(JSON.<JsonNode>valueToTree(v));
        }
        return p;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new BadShape("missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new BadShape("field '" + name + "' is not a string");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static int integer(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadShape("field '" + name + "' is not an integer");
        }
        return v.asInt();
    }

    private static Hash256 hash(JsonNode node, String name) {
        return Hash256.fromDisplayHex(text(node, name));
    }

    private static Hash256 hashValue(JsonNode r) {
        if (!r.isTextual()) {
            throw new BadShape("expected a hash string");
        }
        return Hash256.fromDisplayHex(r.asText());
    }

    private static Bytes hexValue(JsonNode r) {
        if (!r.isTextual()) {
            throw new BadShape("expected a hex string");
        }
        return Bytes.fromHex(r.asText());
    }

    private static JsonNode array(JsonNode r) {
        if (!r.isArray()) {
            throw new BadShape("expected an array");
        }
        return r;
    }

    private static List<Hash256> hashes(JsonNode r) {
        List<Hash256> out = new ArrayList<>();
        for (JsonNode t : array(r)) {
            out.add(hashValue(t));
        }
        return out;
    }

    /** A BTC amount (bitcoind prints 8 decimals) in satoshis, exactly. */
    private static long sats(JsonNode btc) {
        if (!btc.isNumber()) {
            throw new BadShape("expected a BTC amount");
        }
        try {
            return btc.decimalValue().multiply(SATS_PER_BTC).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadShape("BTC amount " + btc + " is not a whole number of satoshis");
        }
    }

    /** The Authorization header, from the credentials; the cookie is read lazily and after a 401. */
    private static final class AuthCache {
        private volatile String header;

        String header(RpcCredentials credentials, boolean reload) throws IOException {
            String h = header;
            if (h != null && !reload) {
                return h;
            }
            String userPass;
            if (credentials instanceof RpcCredentials.UserPassword up) {
                userPass = up.user() + ":" + up.password();
            } else {
                RpcCredentials.CookieFile cookie = (RpcCredentials.CookieFile) credentials;
                userPass = Files.readString(cookie.path(), StandardCharsets.UTF_8).strip();
                if (userPass.indexOf(':') < 1) {
                    throw new IOException("cookie file " + cookie.path() + " is not 'user:password'");
                }
            }
            h = "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
            header = h;
            return h;
        }
    }
}
