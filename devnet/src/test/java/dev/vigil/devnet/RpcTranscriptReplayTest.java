package dev.vigil.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.devnet.TestTxs.Spendable;
import dev.vigil.devnet.chain.Txs;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.PrivateKey;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxHash;
import fr.acinq.bitcoin.TxId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the rejections of {@code fixtures/bitcoind/rpc-transcript.jsonl} against the devnet: for each one an
 * equivalent transaction with the same defect (the recorded inputs do not exist here) must get the same HTTP
 * status, error code and message (numbers that depend on the transaction are compared by shape, and exactly
 * where the devnet's transaction has the recorded structure). Success shapes must have the recorded keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcTranscriptReplayTest {
    private static final long COIN = 100_000_000L;

    @TempDir
    static Path dataDir;

    private final List<JsonObject> transcript = new ArrayList<>();
    private final PrivateKey miner = TestTxs.key("miner");
    private final PrivateKey payee = TestTxs.key("payee");
    private Devnet devnet;
    private RpcClient rpc;
    private int nextCoinbase = 1;

    @BeforeAll
    void start() throws IOException {
        for (String line : Files.readAllLines(SharedFiles.path("fixtures/bitcoind/rpc-transcript.jsonl"),
                StandardCharsets.UTF_8)) {
            transcript.add(new JsonObject(line));
        }
        devnet = Devnet.start(DevnetOptions.defaults(dataDir));
        rpc = RpcClient.of(devnet);
        String minerAddress = miner.publicKey().p2wpkhAddress(fr.acinq.bitcoin.Block.RegtestGenesisBlock.hash);
        JsonArray hashes = (JsonArray) rpc.ok("generatetoaddress", 120, minerAddress);
        assertEquals(120, hashes.size());
    }

    @AfterAll
    void stop() {
        devnet.close();
    }

    /** A fresh mature coinbase output of the miner key. */
    private Spendable coinbase() {
        int height = nextCoinbase++;
        Transaction cb = devnet.onChain(n -> n.activeAt(height).orElseThrow().block().tx.get(0));
        return new Spendable(new OutPoint(cb, 0), cb.txOut.get(0).amount.getSat(), miner);
    }

    private JsonObject recorded(String method, Predicate<JsonObject> responseMatches) {
        for (JsonObject line : transcript) {
            if (line.getJsonObject("request").getString("method").equals(method)
                    && responseMatches.test(line.getJsonObject("response"))) {
                return line;
            }
        }
        throw new AssertionError("no recorded " + method + " matching");
    }

    private JsonObject recordedError(String method, String messageStart) {
        return recorded(method, r -> r.getJsonObject("error") != null
                && r.getJsonObject("error").getString("message").startsWith(messageStart));
    }

    /** The recorded message as a pattern: hashes and numbers may differ, the words may not. */
    private static Pattern shape(String message) {
        java.util.regex.Matcher m = Pattern.compile("[0-9a-f]{64}|\\d+(\\.\\d+)?").matcher(message);
        StringBuilder p = new StringBuilder();
        int last = 0;
        while (m.find()) {
            p.append(Pattern.quote(message.substring(last, m.start())));
            p.append(m.group().length() == 64 ? "[0-9a-f]{64}" : "\\d+(\\.\\d+)?");
            last = m.end();
        }
        p.append(Pattern.quote(message.substring(last)));
        return Pattern.compile(p.toString());
    }

    /** Sends and checks status, code and message against the recorded rejection; returns our message. */
    private String assertSameRejection(JsonObject recorded, RpcClient.Reply reply) {
        JsonObject expected = recorded.getJsonObject("response").getJsonObject("error");
        assertEquals(recorded.getInteger("http_status"), reply.status(), reply.raw());
        assertNull(reply.result(), reply.raw());
        assertEquals(expected.getInteger("code"), reply.error().getInteger("code"), reply.raw());
        String message = reply.error().getString("message");
        assertTrue(shape(expected.getString("message")).matcher(message).matches(),
                "recorded '" + expected.getString("message") + "' vs devnet '" + message + "'");
        assertEquals(recorded.getJsonObject("request").getString("id"), reply.object().getString("id"));
        return message;
    }

    private static String hex(Transaction tx) {
        return new ByteVector(Transaction.write(tx)).toHex();
    }

    private RpcClient.Reply send(Transaction tx, Object... extra) {
        List<Object> params = new ArrayList<>(List.of(hex(tx)));
        params.addAll(List.of(extra));
        return rpc.call("sendrawtransaction", params.toArray());
    }

    private static Set<String> keys(JsonObject o) {
        return o.fieldNames();
    }

    private static long minRelayFee(Transaction tx) {
        return (Txs.vsize(tx) * 100L + 999) / 1000;
    }

    // ------------------------------------------------------------------ rejections

    @Test
    void decodeFailure() {
        assertSameRejection(recordedError("sendrawtransaction", "TX decode failed"), rpc.call("sendrawtransaction", "00"));
    }

    @Test
    void missingInputs() {
        Spendable fake = new Spendable(new OutPoint(new TxId("11".repeat(32)), 0), 10_000_000, miner);
        Transaction tx = TestTxs.unsigned(List.of(fake), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 10_000_000)),
                0xfffffffdL, 0);
        String message = assertSameRejection(recordedError("sendrawtransaction", "bad-txns-inputs-missingorspent"), send(tx));
        assertEquals("bad-txns-inputs-missingorspent", message);
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        assertEquals("missing-inputs", test.getString("reject-reason"));
        assertFalse(test.containsKey("reject-details"));
    }

    @Test
    void alreadyInUtxoSet() {
        Transaction tx = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0xfffffffdL, 0);
        assertEquals(tx.txid.toString(), rpc.ok("sendrawtransaction", hex(tx)));
        rpc.ok("generatetoaddress", 1, devnet.faucetAddress());
        assertEquals("Transaction outputs already in utxo set",
                assertSameRejection(recordedError("sendrawtransaction", "Transaction outputs already in utxo set"), send(tx)));
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        assertEquals("txn-already-known", test.getString("reject-reason"));
    }

    @Test
    void nonFinal() {
        int height = ((Number) rpc.ok("getblockcount")).intValue();
        Transaction tx = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0, height + 50);
        assertEquals("non-final", assertSameRejection(recordedError("sendrawtransaction", "non-final"), send(tx)));
        JsonObject recorded = recorded("testmempoolaccept",
                r -> r.getJsonArray("result").getJsonObject(0).getString("reject-reason", "").equals("non-final"));
        JsonObject expected = recorded.getJsonObject("response").getJsonArray("result").getJsonObject(0);
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        assertEquals(keys(expected), keys(test));
        assertEquals(expected.getString("reject-details"), test.getString("reject-details"));
        assertEquals(tx.txid.toString(), test.getString("txid"));
        assertEquals(Txs.wtxid(tx).toString(), test.getString("wtxid"));
        // At the lock height it becomes final (the next block is height + 50).
        rpc.ok("generatetoaddress", 49, devnet.faucetAddress());
        assertEquals("non-final", send(tx).error().getString("message"), "IsFinalTx: locktime < next height");
        rpc.ok("generatetoaddress", 1, devnet.faucetAddress());
        assertEquals(tx.txid.toString(), rpc.ok("sendrawtransaction", hex(tx)));
    }

    @Test
    void nonBip68Final() {
        Transaction parent = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0xfffffffdL, 0);
        rpc.ok("sendrawtransaction", hex(parent));
        rpc.ok("generatetoaddress", 1, devnet.faucetAddress());
        Spendable out = new Spendable(new OutPoint(parent, 0), 50 * COIN - 10_000, payee);
        Transaction child = TestTxs.spend(out, TestTxs.p2wpkh(miner), 50 * COIN - 20_000, 10, 0);
        assertEquals("non-BIP68-final",
                assertSameRejection(recordedError("sendrawtransaction", "non-BIP68-final"), send(child)));
        rpc.ok("generatetoaddress", 8, devnet.faucetAddress());
        assertEquals("non-BIP68-final", send(child).error().getString("message"), "next block is parent height + 9");
        rpc.ok("generatetoaddress", 1, devnet.faucetAddress()); // the next block is the parent's height + 10
        assertEquals(child.txid.toString(), rpc.ok("sendrawtransaction", hex(child)));
    }

    @Test
    void minRelayFeeNotMetForAZeroFeeTransaction() {
        Transaction tx = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN, 0xfffffffdL, 0);
        String message = assertSameRejection(recordedError("sendrawtransaction", "min relay fee not met, 0 < 11"), send(tx));
        assertEquals("min relay fee not met, 0 < " + minRelayFee(tx), message);
        assertEquals("min relay fee not met, 0 < 11", message, "same structure as the recorded tx, same vsize");
    }

    @Test
    void unsignedInput() {
        // Recorded: an unsigned 1-in 1-out spend paying no fee; the fee check comes before the scripts.
        Spendable in = coinbase();
        Transaction tx = TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 50 * COIN)), 0xfffffffdL, 0);
        String message = assertSameRejection(recordedError("sendrawtransaction", "min relay fee not met, 0 < 9"), send(tx));
        assertEquals("min relay fee not met, 0 < 9", message);
        // With a fee the script check is reached: Core 30's wording (validation.cpp CheckInputScripts).
        Transaction paying = TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 50 * COIN - 1000)),
                0xfffffffdL, 0);
        RpcClient.Reply reply = send(paying);
        assertEquals(500, reply.status());
        assertEquals(-26, reply.error().getInteger("code"));
        assertEquals("mempool-script-verify-flag-failed (Witness program hash mismatch), input 0 of " + paying.txid
                + " (wtxid " + Txs.wtxid(paying) + "), spending " + in.outPoint().txid + ":0", reply.error().getString("message"));
    }

    @Test
    void badSignatures() {
        Spendable in = coinbase();
        // Signed by another key: P2WPKH's pubkey hash check fails.
        Transaction wrongKey = TestTxs.spend(new Spendable(in.outPoint(), in.amountSat(), payee), TestTxs.p2wpkh(payee),
                50 * COIN - 1000, 0xfffffffdL, 0);
        assertTrue(send(wrongKey).error().getString("message")
                .startsWith("mempool-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation), input 0 of "));
        // Right key, wrong amount in the BIP143 digest: CHECKSIG fails with a non-empty signature (NULLFAIL).
        Transaction wrongDigest = TestTxs.sign(TestTxs.unsigned(List.of(in),
                List.of(TestTxs.out(TestTxs.p2wpkh(payee), 50 * COIN - 1000)), 0xfffffffdL, 0),
                List.of(new Spendable(in.outPoint(), in.amountSat() - 1, miner)));
        RpcClient.Reply reply = send(wrongDigest);
        assertEquals(-26, reply.error().getInteger("code"));
        assertTrue(reply.error().getString("message").startsWith(
                "mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)"),
                reply.raw());
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(wrongDigest)))).getJsonObject(0);
        assertEquals("mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)",
                test.getString("reject-reason"));
    }

    @Test
    void dustInAFeePayingTransaction() {
        Spendable in = coinbase();
        Transaction tx = TestTxs.sign(TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 100),
                TestTxs.out(TestTxs.p2wpkh(miner), 49_99_900_000L)), 0xfffffffdL, 0), List.of(in));
        assertEquals("dust, tx with dust output must be 0-fee",
                assertSameRejection(recordedError("sendrawtransaction", "dust"), send(tx)));
        // 294 sat is the P2WPKH dust threshold (protocol-facts §6): one satoshi less is dust.
        Transaction edge = TestTxs.sign(TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 293),
                TestTxs.out(TestTxs.p2wpkh(miner), 49_99_900_000L)), 0xfffffffdL, 0), List.of(in));
        assertEquals("dust, tx with dust output must be 0-fee", send(edge).error().getString("message"));
        Transaction ok = TestTxs.sign(TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(payee), 294),
                TestTxs.out(TestTxs.p2wpkh(miner), 49_99_900_000L)), 0xfffffffdL, 0), List.of(in));
        assertEquals(ok.txid.toString(), rpc.ok("sendrawtransaction", hex(ok)));
    }

    @Test
    void feeAboveMaxFeeRate() {
        Spendable in = coinbase();
        Transaction tx = TestTxs.spend(in, TestTxs.p2wpkh(payee), 100_000, 0xfffffffdL, 0);
        assertEquals("Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)",
                assertSameRejection(recordedError("sendrawtransaction", "Fee exceeds maximum"), send(tx)));
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        assertEquals("max-fee-exceeded", test.getString("reject-reason"));
        // maxfeerate 0 disables the cap, as the tower sends justice transactions.
        assertEquals(tx.txid.toString(), rpc.ok("sendrawtransaction", hex(tx), 0));
    }

    @Test
    void resendingAMempoolTransactionReturnsItsTxid() {
        Transaction tx = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0xfffffffdL, 0);
        JsonObject first = recorded("sendrawtransaction", r -> r.getValue("result") != null);
        RpcClient.Reply a = send(tx);
        RpcClient.Reply b = send(tx);
        assertEquals(first.getInteger("http_status"), a.status());
        assertEquals(first.getInteger("http_status"), b.status());
        assertEquals(tx.txid.toString(), a.result());
        assertEquals(tx.txid.toString(), b.result());
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        JsonObject expected = recorded("testmempoolaccept", r -> r.getJsonArray("result").getJsonObject(0)
                .getString("reject-reason", "").equals("txn-already-in-mempool")).getJsonObject("response")
                .getJsonArray("result").getJsonObject(0);
        assertEquals(keys(expected), keys(test));
        assertEquals(expected.getString("reject-details"), test.getString("reject-details"));
    }

    @Test
    void conflictWithoutFeeBump() {
        Spendable in = coinbase();
        Transaction first = TestTxs.spend(in, TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0xfffffffdL, 0);
        rpc.ok("sendrawtransaction", hex(first));
        Transaction second = TestTxs.spend(in, TestTxs.p2wpkh(miner), 50 * COIN - 10_000, 0xfffffffdL, 0);
        String message = assertSameRejection(recordedError("sendrawtransaction", "insufficient fee"), send(second));
        assertEquals("insufficient fee, rejecting replacement " + second.txid
                + ", not enough additional fees to relay; 0.00 < 0.00000011", message);
        // Paying less than the original is rule 3.
        Transaction cheaper = TestTxs.spend(in, TestTxs.p2wpkh(miner), 50 * COIN - 9_000, 0xfffffffdL, 0);
        assertEquals("insufficient fee, rejecting replacement " + cheaper.txid
                + ", less fees than conflicting txs; 0.00009 < 0.0001", send(cheaper).error().getString("message"));
        // Enough extra fee replaces it (full RBF), the original leaves the mempool.
        Transaction bumped = TestTxs.spend(in, TestTxs.p2wpkh(miner), 50 * COIN - 11_000, 0xfffffffdL, 0);
        assertEquals(bumped.txid.toString(), rpc.ok("sendrawtransaction", hex(bumped)));
        JsonArray mempool = (JsonArray) rpc.ok("getrawmempool");
        assertTrue(mempool.contains(bumped.txid.toString()));
        assertFalse(mempool.contains(first.txid.toString()));
    }

    @Test
    void unknownBlock() {
        JsonObject recorded = recordedError("getblock", "Block not found");
        RpcClient.Reply reply = rpc.call("getblock", "00".repeat(32), 0);
        assertSameRejection(recorded, reply);
        assertEquals("Block not found", reply.error().getString("message"));
        RpcClient.Reply header = rpc.call("getblockheader", "00".repeat(32), true);
        assertEquals(-5, header.error().getInteger("code"));
    }

    // ------------------------------------------------------------------ success shapes

    private JsonObject recordedResult(String method, Predicate<JsonObject> request) {
        for (JsonObject line : transcript) {
            JsonObject req = line.getJsonObject("request");
            if (req.getString("method").equals(method) && request.test(req)
                    && line.getJsonObject("response").getValue("result") != null) {
                return line.getJsonObject("response");
            }
        }
        throw new AssertionError("no recorded result for " + method);
    }

    @Test
    void chainInfoShapes() {
        for (String method : List.of("getblockchaininfo", "getnetworkinfo")) {
            JsonObject expected = recordedResult(method, r -> true).getJsonObject("result");
            RpcClient.Reply reply = rpc.call(method);
            assertEquals(200, reply.status());
            assertEquals(keys(expected), keys((JsonObject) reply.result()), method);
            assertNull(reply.object().getValue("error"));
        }
        JsonObject info = (JsonObject) rpc.ok("getblockchaininfo");
        assertEquals("regtest", info.getString("chain"));
        assertEquals("207fffff", info.getString("bits"));
        assertEquals(rpc.ok("getbestblockhash"), info.getString("bestblockhash"));
        assertEquals(rpc.ok("getblockcount"), info.getInteger("blocks"));
        assertEquals(recordedResult("getnetworkinfo", r -> true).getJsonObject("result").getValue("relayfee"),
                ((JsonObject) rpc.ok("getnetworkinfo")).getDouble("relayfee"));
        JsonObject fee = (JsonObject) rpc.ok("estimatesmartfee", 6);
        assertEquals(recordedResult("estimatesmartfee", r -> true).getJsonObject("result"), fee);
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", rpc.ok("getblockhash", 0));
        assertEquals(-8, rpc.call("getblockhash", 100_000).error().getInteger("code"));
        assertEquals(404, rpc.call("nosuchmethod").status());
        assertEquals(-32601, rpc.call("nosuchmethod").error().getInteger("code"));
    }

    @Test
    void blockShapes() {
        String tip = (String) rpc.ok("getbestblockhash");
        JsonObject expectedHeader = recordedResult("getblockheader", r -> Boolean.TRUE.equals(r.getJsonArray("params").getValue(1)))
                .getJsonObject("result");
        JsonObject header = (JsonObject) rpc.ok("getblockheader", tip, true);
        assertEquals(keys(expectedHeader), keys(header));
        assertEquals(1, header.getInteger("confirmations"));
        assertEquals(expectedHeader.getString("target"), header.getString("target"));
        assertEquals(expectedHeader.getDouble("difficulty"), header.getDouble("difficulty"));
        JsonObject expectedBlock = recordedResult("getblock", r -> Integer.valueOf(1).equals(r.getJsonArray("params").getValue(1)))
                .getJsonObject("result");
        JsonObject block = (JsonObject) rpc.ok("getblock", tip, 1);
        assertEquals(keys(expectedBlock), keys(block));
        String raw = (String) rpc.ok("getblock", tip, 0);
        fr.acinq.bitcoin.Block parsed = fr.acinq.bitcoin.Block.read(raw);
        assertEquals(tip, parsed.blockId.toString());
        assertEquals(rpc.ok("getblockheader", tip, false), raw.substring(0, 160));
        assertEquals(parsed.tx.get(0).txid.toString(), block.getJsonArray("tx").getString(0));
        assertEquals(raw.length() / 2, block.getInteger("size"));
        // The recorded chainwork of height 101 (0xcc = 102 blocks x 2) follows from regtest work per block.
        String h101 = (String) rpc.ok("getblockhash", 101);
        assertEquals(expectedHeader.getString("chainwork"), ((JsonObject) rpc.ok("getblockheader", h101)).getString("chainwork"));
    }

    @Test
    void transactionShapes() {
        Spendable in = coinbase();
        Transaction tx = TestTxs.sign(TestTxs.unsigned(List.of(in), List.of(TestTxs.out(TestTxs.p2wpkh(miner), 50 * COIN - 150_000_000L - 20_000),
                TestTxs.out(TestTxs.p2wpkh(payee), 150_000_000L)), 0xfffffffdL, 0), List.of(in));
        rpc.ok("sendrawtransaction", hex(tx));
        JsonObject expected = recordedResult("getrawtransaction", r -> Boolean.TRUE.equals(r.getJsonArray("params").getValue(1)))
                .getJsonObject("result");
        JsonObject got = (JsonObject) rpc.ok("getrawtransaction", tx.txid.toString(), true);
        assertEquals(keys(expected), keys(got));
        assertEquals(keys(expected.getJsonArray("vin").getJsonObject(0)), keys(got.getJsonArray("vin").getJsonObject(0)));
        JsonObject expectedOut = expected.getJsonArray("vout").getJsonObject(1);
        JsonObject out = got.getJsonArray("vout").getJsonObject(1);
        assertEquals(keys(expectedOut), keys(out));
        assertEquals(keys(expectedOut.getJsonObject("scriptPubKey")), keys(out.getJsonObject("scriptPubKey")));
        assertEquals(1.5, out.getDouble("value"));
        assertEquals(hex(tx), rpc.ok("getrawtransaction", tx.txid.toString(), false));
        assertEquals(Txs.vsize(tx), got.getInteger("vsize"));
        JsonObject expectedEntry = recordedResult("getmempoolentry", r -> true).getJsonObject("result");
        JsonObject entry = (JsonObject) rpc.ok("getmempoolentry", tx.txid.toString());
        assertEquals(keys(expectedEntry), keys(entry));
        assertEquals(keys(expectedEntry.getJsonObject("fees")), keys(entry.getJsonObject("fees")));
        // Confirmed: the full tx index finds it, with the block fields bitcoind adds.
        String block = ((JsonArray) rpc.ok("generatetoaddress", 1, devnet.faucetAddress())).getString(0);
        JsonObject confirmed = (JsonObject) rpc.ok("getrawtransaction", tx.txid.toString(), 1);
        assertEquals(block, confirmed.getString("blockhash"));
        assertEquals(1, confirmed.getInteger("confirmations"));
        JsonObject inBlock = (JsonObject) rpc.ok("getrawtransaction", tx.txid.toString(), true, block);
        assertEquals(true, inBlock.getBoolean("in_active_chain"));
        assertEquals(-5, rpc.call("getmempoolentry", tx.txid.toString()).error().getInteger("code"));
        assertEquals("No such mempool or blockchain transaction. Use gettransaction for wallet transactions.",
                rpc.call("getrawtransaction", "22".repeat(32)).error().getString("message"));
    }

    @Test
    void descriptorChecksumAndAddressMatchBitcoind() {
        // The recorded change output: same script, same address, same descriptor checksum.
        JsonObject expected = recordedResult("getrawtransaction", r -> Boolean.TRUE.equals(r.getJsonArray("params").getValue(1)))
                .getJsonObject("result").getJsonArray("vout").getJsonObject(0).getJsonObject("scriptPubKey");
        ByteVector script = ByteVector.fromHex(expected.getString("hex"));
        Spendable in = coinbase();
        Transaction tx = TestTxs.sign(TestTxs.unsigned(List.of(in), List.of(TestTxs.out(script, 48_49_997_180L)), 0xfffffffdL, 0),
                List.of(in));
        rpc.ok("sendrawtransaction", hex(tx), 0);
        JsonObject got = ((JsonObject) rpc.ok("getrawtransaction", tx.txid.toString(), true)).getJsonArray("vout")
                .getJsonObject(0).getJsonObject("scriptPubKey");
        assertEquals(expected, got);
    }

    @Test
    void successfulTestMempoolAccept() {
        Transaction tx = TestTxs.spend(coinbase(), TestTxs.p2wpkh(payee), 50 * COIN - 10_000, 0xfffffffdL, 0);
        JsonObject test = ((JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)))).getJsonObject(0);
        assertEquals(true, test.getBoolean("allowed"));
        assertEquals(Txs.vsize(tx), test.getInteger("vsize"));
        assertEquals(0.0001, test.getJsonObject("fees").getDouble("base"));
        assertEquals(Set.of("txid", "wtxid", "allowed", "vsize", "fees"), keys(test));
        assertNotNull(test.getJsonObject("fees").getJsonArray("effective-includes"));
        // Nothing changed: it is not in the mempool.
        assertFalse(((JsonArray) rpc.ok("getrawmempool")).contains(tx.txid.toString()));
        // A package: parent then child, the child spending the parent's output.
        Spendable out = new Spendable(new OutPoint(new TxHash(tx.hash.value), 0), 50 * COIN - 10_000, payee);
        Transaction child = TestTxs.spend(out, TestTxs.p2wpkh(miner), 50 * COIN - 20_000, 0xfffffffdL, 0);
        JsonArray both = (JsonArray) rpc.ok("testmempoolaccept", new JsonArray().add(hex(tx)).add(hex(child)));
        assertEquals(true, both.getJsonObject(0).getBoolean("allowed"));
        assertEquals(true, both.getJsonObject(1).getBoolean("allowed"));
        assertEquals(0, ((JsonArray) rpc.ok("getrawmempool")).stream().filter(id -> id.equals(tx.txid.toString())).count());
    }
}
