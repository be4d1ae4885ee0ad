package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every call of fixtures/bitcoind/rpc-transcript.jsonl, made through the client against a fake
 * transport that checks the request and answers what the real bitcoind answered.
 */
class RpcTranscriptReplayTest {
    /** What each recorded error code must map to (src/rpc/protocol.h). */
    private static final Map<Integer, RpcErrorCode> CODES = Map.of(
            -18, RpcErrorCode.RPC_WALLET_NOT_FOUND,
            -5, RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
            -27, RpcErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN,
            -22, RpcErrorCode.RPC_DESERIALIZATION_ERROR,
            -25, RpcErrorCode.RPC_VERIFY_ERROR,
            -26, RpcErrorCode.RPC_VERIFY_REJECTED);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final BitcoindRpcClient client = new BitcoindRpcClient(transport,
            new RpcCredentials.UserPassword("vigil", "secret"), RetryPolicy.DEFAULT, d -> { });

    @Test
    void everyRecordedCallParsesAndEveryErrorIsTyped() {
        int errors = 0;
        List<JsonNode> lines = RecordedTraffic.rpcTranscript();
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
        assertEquals(65, lines.size());
        assertEquals(12, errors, "loadwallet, getblock unknown hash, 10 sendrawtransaction rejections");
    }

    /** Calls the typed method for the recorded call and checks its value against the recording. */
    private RpcResult<?> invoke(JsonNode line) {
        JsonNode req = line.get("request");
        JsonNode params = req.get("params");
        JsonNode rec = line.get("response").get("result");
        String method = req.get("method").asText();
        boolean ok = line.get("response").get("error").isNull();
        switch (method) {
            case "getblockchaininfo": {
                RpcResult<BlockchainInfo> r = client.getBlockchainInfo();
                BlockchainInfo i = ((RpcResult.Ok<BlockchainInfo>) r).value();
                assertEquals(rec.get("chain").asText(), i.chain());
                assertEquals(rec.get("blocks").asInt(), i.blocks());
                assertEquals(rec.get("bestblockhash").asText(), i.bestBlockHash().displayHex());
                assertEquals(rec.get("initialblockdownload").asBoolean(), i.initialBlockDownload());
                return r;
            }
            case "getbestblockhash":
            case "getblockhash": {
                RpcResult<Hash256> r = method.equals("getblockhash")
                        ? client.getBlockHash(params.get(0).asInt()) : client.getBestBlockHash();
                assertEquals(rec.asText(), ((RpcResult.Ok<Hash256>) r).value().displayHex());
                return r;
            }
            case "getblockheader": {
                Hash256 h = Hash256.fromDisplayHex(params.get(0).asText());
                if (params.get(1).asBoolean()) {
                    RpcResult<BlockHeaderInfo> r = client.getBlockHeader(h);
                    BlockHeaderInfo i = ((RpcResult.Ok<BlockHeaderInfo>) r).value();
                    assertEquals(h, i.hash());
                    assertEquals(rec.get("height").asInt(), i.height());
                    assertEquals(rec.get("previousblockhash").asText(), i.previousBlockHash().orElseThrow().displayHex());
                    assertTrue(i.onActiveChain());
                    return r;
                }
                var r = client.getBlockHeaderBytes(h);
                assertEquals(h, ((RpcResult.Ok<dev.vigil.breachdetector.block.BlockHeader>) r).value().hash(),
                        "the 80 bytes hash to the block asked for");
                return r;
            }
            case "getblock": {
                Hash256 h = Hash256.fromDisplayHex(params.get(0).asText());
                if (params.get(1).asInt() != 0) {
                    return generic(line);
                }
                RpcResult<Bytes> r = client.getBlock(h);
                if (ok) {
                    Block b = Block.parse(((RpcResult.Ok<Bytes>) r).value()).orElseThrow();
                    assertEquals(h, b.hash());
                    assertTrue(b.commitsToTransactions());
                }
                return r;
            }
            case "getrawtransaction": {
                if (params.get(1).asBoolean()) {
                    return generic(line);
                }
                Hash256 txid = Hash256.fromDisplayHex(params.get(0).asText());
                RpcResult<Bytes> r = client.getRawTransaction(txid);
                assertEquals(txid, Transaction.parse(((RpcResult.Ok<Bytes>) r).value()).orElseThrow().txid());
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
            case "testmempoolaccept": {
                List<Bytes> txs = new ArrayList<>();
                params.get(0).forEach(t -> txs.add(Bytes.fromHex(t.asText())));
                RpcResult<List<MempoolAcceptResult>> r = client.testMempoolAccept(txs, MaxFeeRate.NODE_DEFAULT);
                List<MempoolAcceptResult> list = ((RpcResult.Ok<List<MempoolAcceptResult>>) r).value();
                assertEquals(txs.size(), list.size());
                for (int i = 0; i < txs.size(); i++) {
                    assertEquals(Transaction.parse(txs.get(i)).orElseThrow().txid(), list.get(i).txid());
                    assertEquals(rec.get(i).get("allowed").asBoolean(), list.get(i).allowed());
                    assertEquals(rec.get(i).get("reject-reason").asText(), list.get(i).rejectReason().orElseThrow());
                }
                return r;
            }
            case "estimatesmartfee": {
                RpcResult<FeeEstimate> r = client.estimateSmartFee(params.get(0).asInt());
                FeeEstimate f = ((RpcResult.Ok<FeeEstimate>) r).value();
                assertTrue(f.satPerKvB().isEmpty());
                assertEquals(List.of("Insufficient data or no feerate found"), f.errors());
                return r;
            }
            case "getrawmempool": {
                RpcResult<RawMempool> r = client.getRawMempool();
                List<String> txids = ((RpcResult.Ok<RawMempool>) r).value().txids().stream()
                        .map(Hash256::displayHex).toList();
                assertEquals(ScriptedTransport.JSON.convertValue(rec, new TypeReference<List<String>>() { }), txids);
                return r;
            }
            default:
                return generic(line);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return ScriptedTransport.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Any other method through {@link BitcoindRpcClient#call}; the result is the recorded JSON. */
    private RpcResult<?> generic(JsonNode line) {
        String path = line.get("path").asText();
        BitcoindRpcClient c = path.startsWith("/wallet/") ? client.forWallet(path.substring(8)) : client;
        List<Object> params = ScriptedTransport.JSON.convertValue(line.get("request").get("params"),
                new TypeReference<List<Object>>() { });
        RpcResult<JsonNode> r = c.call(line.get("request").get("method").asText(), params);
        if (r instanceof RpcResult.Ok<JsonNode> ok) {
            JsonNode expected = line.get("response").get("result");
            // Same JSON, read back with one mapper (the client reads amounts as BigDecimal).
            assertEquals(expected, readTree(ok.value().toString()));
        }
        return r;
    }
}
