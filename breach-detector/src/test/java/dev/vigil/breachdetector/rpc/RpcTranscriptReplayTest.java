package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every call of fixtures/bitcoind/rpc-transcript.jsonl, made through the client against a fake
 * transport that checks the request and answers what the real bitcoind answered.
 */
class RpcTranscriptReplayTest {
    /** What each recorded error code of the replayed calls must map to (src/rpc/protocol.h). */
    private static final Map<Integer, RpcErrorCode> CODES = Map.of(
            -5, RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
            -27, RpcErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN,
            -22, RpcErrorCode.RPC_DESERIALIZATION_ERROR,
            -25, RpcErrorCode.RPC_VERIFY_ERROR,
            -26, RpcErrorCode.RPC_VERIFY_REJECTED);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final BitcoindRpcClient client = new BitcoindRpcClient(transport,
            new RpcAuth.UserPassword("vigil", "secret"), new VigilConfig.Retry(6, Duration.ofMillis(250), Duration.ofSeconds(5)), Duration.ofSeconds(60), d -> { });

    @Test
    void everyRecordedCallParsesAndEveryErrorIsTyped() {
        int errors = 0;
        List<JsonNode> lines = RecordedTraffic.rpcTranscript().stream().filter(RpcTranscriptReplayTest::madeByTheTower).toList();
        for (JsonNode line : lines) {
            transport.replay(line);
            JsonNode request = line.get("request");
            JsonNode recorded = line.get("response");
            RpcResult<?> result = invoke(line);
            String where = "line " + lines.indexOf(line) + " " + request.get("method");
            if (!recorded.get("error").isNull()) {
                errors++;
                RpcError e = assertInstanceOf(RpcResult.Failed.class, result, where).error();
                int code = recorded.get("error").get("code").asInt();
                assertEquals(code, e.code(), where);
                assertEquals(CODES.get(code), e.kind(), where);
                assertEquals(recorded.get("error").get("message").asText(), e.message(), where);
            } else {
                assertInstanceOf(RpcResult.Ok.class, result, () -> where + ": " + result);
            }
            assertTrue(transport.finished(), where + " made exactly one request");
        }
        assertEquals(20, lines.size(), "of the 65 recorded calls, those the tower makes");
        assertEquals(11, errors, "getblock of an unknown hash, 10 sendrawtransaction rejections");
    }

    /** The calls {@link BitcoindRpcClient} makes: the follower's, the carrier's and the start-up check's. */
    private static boolean madeByTheTower(JsonNode line) {
        JsonNode params = line.get("request").get("params");
        return switch (line.get("request").get("method").asText()) {
            case "getbestblockhash", "getblockhash", "sendrawtransaction", "getblockchaininfo" -> true;
            case "getblockheader" -> params.get(1).asBoolean();
            case "getblock" -> params.get(1).asInt() == 0;
            default -> false;
        };
    }

    /** Calls the typed method for the recorded call and checks its value against the recording. */
    private RpcResult<?> invoke(JsonNode line) {
        JsonNode req = line.get("request");
        JsonNode params = req.get("params");
        JsonNode rec = line.get("response").get("result");
        String method = req.get("method").asText();
        boolean ok = line.get("response").get("error").isNull();
        switch (method) {
            case "getbestblockhash":
            case "getblockhash": {
                RpcResult<Hash256> r = method.equals("getblockhash")
                        ? client.getBlockHash(params.get(0).asInt()) : client.getBestBlockHash();
                assertEquals(rec.asText(), ((RpcResult.Ok<Hash256>) r).value().displayHex());
                return r;
            }
            case "getblockchaininfo": {
                RpcResult<String> r = client.getBlockchainChain();
                assertEquals(rec.get("chain").asText(), ((RpcResult.Ok<String>) r).value());
                return r;
            }
            case "getblockheader": {
                Hash256 h = Hash256.fromDisplayHex(params.get(0).asText());
                RpcResult<BlockHeaderInfo> r = client.getBlockHeader(h);
                BlockHeaderInfo i = ((RpcResult.Ok<BlockHeaderInfo>) r).value();
                assertEquals(h, i.hash());
                assertEquals(rec.get("height").asInt(), i.height());
                assertEquals(rec.get("previousblockhash").asText(), i.previousBlockHash().orElseThrow().displayHex());
                assertTrue(i.onActiveChain());
                return r;
            }
            case "getblock": {
                Hash256 h = Hash256.fromDisplayHex(params.get(0).asText());
                RpcResult<Bytes> r = client.getBlock(h);
                if (ok) {
                    Block b = Block.parse(((RpcResult.Ok<Bytes>) r).value()).orElseThrow();
                    assertEquals(h, b.hash());
                    assertTrue(b.commitsToTransactions());
                }
                return r;
            }
            case "sendrawtransaction": {
                Bytes tx = Bytes.fromHex(params.get(0).asText());
                RpcResult<Hash256> r = client.sendRawTransaction(tx, MaxFeeRate.NODE_DEFAULT);
                if (ok) {
                    assertEquals(Transaction.parse(tx).orElseThrow().txid(), ((RpcResult.Ok<Hash256>) r).value());
                }
                return r;
            }
            default:
                throw new AssertionError("not a call the tower makes: " + method);
        }
    }
}
