package dev.vigil.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.devnet.ZmqSubscriber.Frame;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerprotocol.encoding.Hex;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.Transaction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ZMQ framing and counters as bitcoind's, and a reorg seen through RPC and ZMQ. */
class ZmqAndReorgTest {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final DevnetFixture devnets = new DevnetFixture();

    private static String endpoint(Devnet devnet, ZmqTopic topic) {
        return devnet.zmqEndpoints().get(topic);
    }

    private static String seqHash(Frame f) {
        return Hex.encode(java.util.Arrays.copyOf(f.body(), 32));
    }

    private static char seqLabel(Frame f) {
        return (char) f.body()[32];
    }

    @Test
    void framesAndPerTopicCountersFromZeroAndAfterRestart() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir));
        try (ZmqSubscriber sub = new ZmqSubscriber(devnet, endpoint(devnet, ZmqTopic.RAWBLOCK), "rawblock", "hashblock", "rawtx", "sequence", "hashtx")) {
            List<Devnet.MinedBlock> blocks = devnet.mine(2);
            List<Frame> frames = sub.next(10);
            Map<String, Integer> expectedCounter = new HashMap<>();
            int block = 0;
            for (Frame f : frames) {
                assertEquals(3, f.parts());
                int expected = expectedCounter.merge(f.topic(), 1, Integer::sum) - 1;
                assertEquals(expected, f.counter(), "per-topic counter of " + f.topic());
                Devnet.MinedBlock b = blocks.get(block);
                switch (f.topic()) {
                    case "hashtx" -> assertEquals(b.block().tx.get(0).txid.toString(), f.bodyHex());
                    case "rawtx" -> assertEquals(b.block().tx.get(0).txid, Transaction.read(f.body()).txid);
                    case "sequence" -> {
                        assertEquals(33, f.body().length);
                        assertEquals(b.hash(), seqHash(f));
                        assertEquals('C', seqLabel(f));
                    }
                    case "hashblock" -> assertEquals(b.hash(), f.bodyHex());
                    case "rawblock" -> {
                        assertEquals(b.hash(), Block.read(f.body()).blockId.toString());
                        block++;
                    }
                    default -> throw new AssertionError(f.topic());
                }
            }
            assertEquals(List.of("hashtx", "rawtx", "sequence", "hashblock", "rawblock"),
                    frames.subList(0, 5).stream().map(Frame::topic).toList(), "bitcoind's signal order");
        }
        String endpointBefore = endpoint(devnet, ZmqTopic.SEQUENCE);
        devnet.restart();
        assertEquals(endpointBefore, endpoint(devnet, ZmqTopic.SEQUENCE), "same port after a restart");
        try (ZmqSubscriber sub = new ZmqSubscriber(devnet, endpoint(devnet, ZmqTopic.SEQUENCE), "sequence")) {
            devnet.mine(1);
            Frame f = sub.next();
            assertEquals(0, f.counter(), "counters restart at 0 with the node");
            // Lost messages show as a gap.
            devnet.setZmqDropping(true);
            devnet.mine(2);
            devnet.setZmqDropping(false);
            devnet.mine(1);
            assertEquals(3, sub.next().counter());
        }
    }

    @Test
    void topicsOnTheirOwnPortsAsInTheRecordedConfiguration() throws Exception {
        Map<ZmqTopic, Integer> ports = new EnumMap<>(ZmqTopic.class);
        ports.put(ZmqTopic.RAWBLOCK, 0);
        ports.put(ZmqTopic.HASHBLOCK, 0);
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir).withZmqPorts(ports));
        assertEquals(Map.of(ZmqTopic.RAWBLOCK, endpoint(devnet, ZmqTopic.RAWBLOCK), ZmqTopic.HASHBLOCK,
                endpoint(devnet, ZmqTopic.RAWBLOCK)), devnet.zmqEndpoints());
        assertTrue(endpoint(devnet, ZmqTopic.RAWBLOCK).startsWith("tcp://127.0.0.1:"));
        try (ZmqSubscriber sub = new ZmqSubscriber(devnet, endpoint(devnet, ZmqTopic.HASHBLOCK), "hashblock", "rawblock", "rawtx", "sequence")) {
            String hash = devnet.mine(1).get(0).hash();
            List<Frame> frames = sub.next(2);
            assertEquals("hashblock", frames.get(0).topic());
            assertEquals(hash, frames.get(0).bodyHex());
            assertEquals("rawblock", frames.get(1).topic());
            assertNull(sub.nextWithin(300), "no rawtx or sequence publisher configured");
        }
    }

    @Test
    void invalidateAndLongerBranchReorgs() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir));
        RpcClient rpc = RpcClient.of(devnet);
        Devnet.FaucetPayment payment = devnet.faucet(TestTxs.p2wpkh(TestTxs.key("alice")), 100_000_000L);
        String txid = payment.tx().txid.toString();
        String b1 = devnet.mine(1).get(0).hash();
        String b2 = devnet.mine(1).get(0).hash();
        assertFalse(((JsonArray) rpc.ok("getrawmempool")).contains(txid));
        assertEquals(b1, ((JsonObject) rpc.ok("getrawtransaction", txid, true)).getString("blockhash"));
        int height = ((Number) rpc.ok("getblockcount")).intValue();

        try (ZmqSubscriber sub = new ZmqSubscriber(devnet, endpoint(devnet, ZmqTopic.SEQUENCE), "sequence", "hashblock", "rawblock")) {
            JsonObject before = (JsonObject) rpc.ok("getrawmempool", false, true);
            assertEquals(null, rpc.ok("invalidateblock", b1));
            // D events tip first; the block's transaction returns to the mempool (A); no hashblock for disconnects.
            List<Frame> frames = sub.next(3);
            assertEquals("sequence", frames.get(0).topic());
            assertEquals(b2, seqHash(frames.get(0)));
            assertEquals('D', seqLabel(frames.get(0)));
            assertEquals(b1, seqHash(frames.get(1)));
            assertEquals('D', seqLabel(frames.get(1)));
            assertEquals(txid, seqHash(frames.get(2)));
            assertEquals('A', seqLabel(frames.get(2)));
            assertEquals(41, frames.get(2).body().length);
            long mempoolSeq = 0;
            for (int i = 0; i < 8; i++) {
                mempoolSeq |= (frames.get(2).body()[33 + i] & 0xffL) << (8 * i);
            }
            assertEquals(before.getLong("mempool_sequence") + 0, mempoolSeq, "the addition takes the next mempool sequence");
            assertEquals(frames.get(0).counter() + 1, frames.get(1).counter());
            assertTrue(((JsonArray) rpc.ok("getrawmempool")).contains(txid));
            assertEquals(height - 2, ((Number) rpc.ok("getblockcount")).intValue());

            JsonArray branch = (JsonArray) rpc.ok("generatetoaddress", 3, devnet.faucetAddress());
            for (int i = 0; i < 3; i++) {
                List<Frame> f = sub.next(3);
                assertEquals("sequence", f.get(0).topic());
                assertEquals('C', seqLabel(f.get(0)));
                assertEquals(branch.getString(i), seqHash(f.get(0)));
                assertEquals("hashblock", f.get(1).topic());
                assertEquals(branch.getString(i), f.get(1).bodyHex());
                Block raw = Block.read(f.get(2).body());
                assertEquals(branch.getString(i), raw.blockId.toString());
                if (i == 0) {
                    assertTrue(raw.tx.stream().anyMatch(t -> t.txid.toString().equals(txid)), "re-mined on the new branch");
                }
            }
        }
        assertEquals(branch(rpc), rpc.ok("getbestblockhash"));
        assertEquals(height + 1, ((Number) rpc.ok("getblockcount")).intValue());
        assertEquals(-1, ((JsonObject) rpc.ok("getblockheader", b1)).getInteger("confirmations"));
        assertEquals(-1, ((JsonObject) rpc.ok("getblockheader", b2)).getInteger("confirmations"));
        JsonArray tips = (JsonArray) rpc.ok("getchaintips");
        assertEquals("active", tips.getJsonObject(0).getString("status"));
        assertTrue(tips.stream().map(JsonObject.class::cast)
                .anyMatch(t -> t.getString("hash").equals(b2) && t.getString("status").equals("invalid") && t.getInteger("branchlen") == 2));
        assertFalse(((JsonArray) rpc.ok("getrawmempool")).contains(txid));
        assertEquals(1 + 2, ((JsonObject) rpc.ok("getrawtransaction", txid, true)).getInteger("confirmations"));
        assertEquals(-5, rpc.call("invalidateblock", "00".repeat(32)).error().getInteger("code"));
    }

    private static String branch(RpcClient rpc) throws IOException {
        int h = ((Number) rpc.ok("getblockcount")).intValue();
        return (String) rpc.ok("getblockhash", h);
    }
}
