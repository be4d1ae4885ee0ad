package dev.vigil.breachdetector.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * bitcoind's JSON-RPC interface, the calls the tower makes: the follower's four
 * ({@code getbestblockhash}, {@code getblockhash}, {@code getblockheader}, {@code getblock}) and the
 * carrier's {@code sendrawtransaction}, typed, over a {@link JsonRpcCaller} (framing, retries,
 * cookie re-reads). Every call made here is idempotent, {@code sendrawtransaction} included (a
 * transaction already in the mempool is a success), so retrying one is safe.
 *
 * <p>Threading: thread-safe. Blocking: every method blocks for the HTTP exchange and any backoff;
 * call it from a worker thread.
 */
public final class BitcoindRpcClient {
    private final JsonRpcCaller caller;

    /**
     * @param credentials    the cookie file (re-read after every 401) or a user and password
     * @param retry          attempts per call and the backoff between them
     * @param requestTimeout how long one HTTP exchange may take
     * @param sleeper        waits out the backoff (the thread's sleep; a recorder in tests)
     */
    public BitcoindRpcClient(RpcTransport transport, RpcAuth credentials, VigilConfig.Retry retry,
            Duration requestTimeout, Sleeper sleeper) {
        this.caller = new JsonRpcCaller(transport, credentials, retry, requestTimeout, sleeper);
    }

    /**
     * {@code getblockchaininfo}'s {@code chain}: the chain the node follows, as bitcoind names it ({@code main},
     * {@code test}, {@code testnet4}, {@code signet}, {@code regtest}); the tower checks it at start.
     */
    public RpcResult<String> getBlockchainChain() {
        return typed("getblockchaininfo", params(), r -> text(r, "chain"));
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

    /** {@code getblock <hash> 0}: the serialized block; -5 "Block not found" for an unknown hash. */
    public RpcResult<Bytes> getBlock(Hash256 blockHash) {
        return typed("getblock", params(blockHash.displayHex(), 0), BitcoindRpcClient::hexValue);
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

    private <T> RpcResult<T> typed(String method, ArrayNode params, Function<JsonNode, T> parse) {
        RpcResult<JsonNode> raw = caller.call(method, params);
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

    // ---------------------------------------------------------------- parsing helpers

    /** The result did not have the shape the method promises. */
    private static final class BadShape extends RuntimeException {
        BadShape(String message) {
            super(message, null, false, false);
        }
    }

    private static ArrayNode params(Object... values) {
        ArrayNode p = JsonRpcCaller.JSON.createArrayNode();
        for (Object v : values) {
            p.add(JsonRpcCaller.JSON.<JsonNode>valueToTree(v));
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
}
