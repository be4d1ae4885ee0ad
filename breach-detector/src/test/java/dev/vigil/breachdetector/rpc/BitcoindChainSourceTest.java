package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainHeader;
import dev.vigil.breachdetector.chain.ChainSourceException;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The follower's ChainSource over RPC, fed with the recorded bitcoind answers. */
class BitcoindChainSourceTest {
    private final ScriptedTransport transport = new ScriptedTransport();
    private final BitcoindChainSource source = new BitcoindChainSource(new BitcoindRpcClient(transport,
            new RpcAuth.UserPassword("u", "p"),
            new VigilConfig.Retry(2, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5), d -> { }));
    private final List<JsonNode> transcript = RecordedTraffic.rpcTranscript();

    private JsonNode line(String method, Object firstParam, Object secondParam) {
        for (JsonNode l : transcript) {
            JsonNode p = l.get("request").get("params");
            if (l.get("request").get("method").asText().equals(method)
                    && (firstParam == null || p.get(0).asText().equals(String.valueOf(firstParam)))
                    && (secondParam == null || p.get(1).asText().equals(String.valueOf(secondParam)))) {
                return l;
            }
        }
        throw new AssertionError("no recorded " + method);
    }

    @Test
    void recordedAnswersBecomeHeadersBlocksAndEmptyResults() throws ChainSourceException {
        Hash256 h101 = Hash256.fromDisplayHex("45d292e3e03891a546f3b0ad692aa0aaa3504af568542e6fa7cb42a316caef07");
        transport.replay(line("getblockheader", h101.displayHex(), true));
        ChainHeader header = source.header(h101).orElseThrow();
        assertEquals(101, header.height());
        assertTrue(header.onActiveChain());

        transport.replay(line("getblock", h101.displayHex(), 0));
        assertEquals(h101, source.block(h101).orElseThrow().hash());

        Hash256 zero = Hash256.fromDisplayHex("00".repeat(32));
        transport.replay(line("getblock", zero.displayHex(), 0));
        assertEquals(Optional.empty(), source.block(zero), "-5 Block not found");

        transport.replay(line("getblockhash", 1, null));
        assertEquals("503f9f39e054e61548b4672696aed28dea8941c34935342be68d501a23364247",
                source.blockHashAt(1).orElseThrow().displayHex());

        transport.replay(line("getbestblockhash", null, null));
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
                source.bestBlockHash().displayHex());
        assertTrue(transport.finished());
    }

    @Test
    void aBlockOffTheActiveChainAndAnUnreachableNode() throws ChainSourceException {
        transport.result("{\"hash\":\"60feda32f390b536fc0f98035cb96f8af2aab70ab1ce8c84a33effc7d5bb506b\","
                + "\"confirmations\":-1,\"height\":104,\"merkleroot\":\"" + "ab".repeat(32) + "\",\"time\":1,"
                + "\"nTx\":1,\"previousblockhash\":\"0a23cafa3813e3db2b0058375d16d04537f7c0119c5256a87dc633afd4c9dd7e\"}");
        ChainHeader stale = source.header(Hash256.fromDisplayHex(
                "60feda32f390b536fc0f98035cb96f8af2aab70ab1ce8c84a33effc7d5bb506b")).orElseThrow();
        assertFalse(stale.onActiveChain(), "confirmations -1");

        transport.refuse().refuse();
        assertThrows(ChainSourceException.class, source::bestBlockHash);
        transport.error(-8, "Block height out of range");
        assertEquals(Optional.empty(), source.blockHashAt(500));
    }
}
