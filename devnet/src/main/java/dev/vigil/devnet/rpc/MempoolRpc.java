package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.devnet.chain.Money;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.devnet.chain.ScriptType;
import dev.vigil.devnet.chain.TxRejection;
import dev.vigil.devnet.chain.Txs;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * bitcoind's mempool RPCs ({@code rpc/mempool.cpp}): {@code sendrawtransaction} and {@code testmempoolaccept}
 * with {@code BroadcastTransaction}'s checks, and the mempool's contents and totals.
 */
final class MempoolRpc {
    private static final String DECODE_FAILED = "TX decode failed. Make sure the tx has at least one input.";
    /** {@code DEFAULT_MAX_RAW_TX_FEE_RATE} in node/transaction.h: 0.10 BTC/kvB. */
    private static final long DEFAULT_MAX_FEE_RATE_SAT_PER_KVB = 10_000_000L;

    private MempoolRpc() {
    }

    static void registerInto(RpcMethods.Registry r) {
        r.add("sendrawtransaction", List.of("hexstring", "maxfeerate", "maxburnamount"), MempoolRpc::sendRawTransaction);
        r.add("testmempoolaccept", List.of("rawtxs", "maxfeerate"), MempoolRpc::testMempoolAccept);
        r.add("getrawmempool", List.of("verbose", "mempool_sequence"), MempoolRpc::getRawMempool);
        r.add("getmempoolentry", List.of("txid"), MempoolRpc::getMempoolEntry);
        r.add("getmempoolinfo", List.of(), (n, p) -> mempoolInfo(n));
    }

    /** {@code sendrawtransaction} as {@code BroadcastTransaction} (node/transaction.cpp) answers it. */
    private static Object sendRawTransaction(RegtestNode node, Params p) {
        Transaction tx = RawTransactionRpc.decode(p.requiredString(0))
                .orElseThrow(() -> RpcError.fail(RpcError.RPC_DESERIALIZATION_ERROR, DECODE_FAILED));
        long maxFeeRate = p.feeRate(1, DEFAULT_MAX_FEE_RATE_SAT_PER_KVB);
        long maxBurn = p.amountSat(2, 0);
        for (TxOut out : tx.txOut) {
            if (ScriptType.isUnspendable(out.publicKeyScript.toByteArray()) && out.amount.getSat() > maxBurn) {
                throw RpcError.fail(RpcError.RPC_VERIFY_ERROR,
                        "Unspendable output exceeds maximum configured by user (maxburnamount)");
            }
        }
        for (int o = 0; o < tx.txOut.size(); o++) {
            if (node.utxo(new OutPoint(tx.txid, o)).isPresent()) {
                throw RpcError.fail(RpcError.RPC_VERIFY_ALREADY_IN_UTXO_SET, "Transaction outputs already in utxo set");
            }
        }
        if (node.mempool().contains(tx.txid)) {
            return tx.txid.toString();
        }
        if (maxFeeRate > 0) {
            AcceptResult test = node.testAccept(tx);
            if (test instanceof AcceptResult.Rejected r) {
                throw atmpError(r.rejection());
            }
            if (test instanceof AcceptResult.Accepted a && a.feeSat() > Money.feeForSize(maxFeeRate, a.vsize())) {
                throw RpcError.fail(RpcError.RPC_VERIFY_ERROR,
                        "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
            }
        }
        AcceptResult result = node.submit(tx);
        if (result instanceof AcceptResult.Rejected r) {
            throw atmpError(r.rejection());
        }
        return tx.txid.toString();
    }

    /** {@code HandleATMPError}: missing inputs are -25, every other refusal -26 with the state's text. */
    static RpcError.Failure atmpError(TxRejection rejection) {
        int code = rejection.kind() == TxRejection.Kind.MISSING_INPUTS ? RpcError.RPC_VERIFY_ERROR : RpcError.RPC_VERIFY_REJECTED;
        return RpcError.fail(code, rejection.message());
    }

    private static Object testMempoolAccept(RegtestNode node, Params p) {
        JsonArray raw = p.requiredArray(0);
        if (raw.isEmpty() || raw.size() > 25) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Array must contain between 1 and 25 transactions.");
        }
        long maxFeeRate = p.feeRate(1, DEFAULT_MAX_FEE_RATE_SAT_PER_KVB);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.getValue(i);
            String hex = item instanceof String s ? s : "";
            txs.add(RawTransactionRpc.decode(hex).orElseThrow(() -> RpcError.fail(RpcError.RPC_DESERIALIZATION_ERROR,
                    "TX decode failed: " + hex + " Make sure the tx has at least one input.")));
        }
        List<Optional<AcceptResult>> results = txs.size() == 1 ? List.of(Optional.of(node.testAccept(txs.get(0))))
                : node.testAcceptPackage(txs);
        JsonArray out = new JsonArray();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            JsonObject r = new JsonObject().put("txid", tx.txid.toString()).put("wtxid", Txs.wtxid(tx).toString());
            Optional<AcceptResult> result = results.get(i);
            if (result.isPresent()) {
                describe(result.get(), maxFeeRate, r);
            }
            out.add(r);
        }
        return out;
    }

    private static void describe(AcceptResult result, long maxFeeRate, JsonObject r) {
        if (result instanceof AcceptResult.Accepted a) {
            if (maxFeeRate > 0 && a.feeSat() > Money.feeForSize(maxFeeRate, a.vsize())) {
                r.put("allowed", false).put("reject-reason", "max-fee-exceeded");
                return;
            }
            r.put("allowed", true).put("vsize", a.vsize());
            r.put("fees", new JsonObject().put("base", RpcJson.amount(a.feeSat()))
                    .put("effective-feerate", RpcJson.amount(a.feeSat() * 1000 / a.vsize()))
                    .put("effective-includes", new JsonArray().add(r.getString("wtxid"))));
        } else if (result instanceof AcceptResult.AlreadyInMempool) {
            r.put("allowed", false).put("reject-reason", "txn-already-in-mempool")
                    .put("reject-details", "txn-already-in-mempool");
        } else if (result instanceof AcceptResult.Rejected rej) {
            r.put("allowed", false);
            if (rej.rejection().kind() == TxRejection.Kind.MISSING_INPUTS) {
                r.put("reject-reason", "missing-inputs");
            } else {
                r.put("reject-reason", rej.rejection().reason()).put("reject-details", rej.rejection().message());
            }
        }
    }

    private static Object getRawMempool(RegtestNode node, Params p) {
        boolean verbose = p.bool(0, false);
        boolean withSequence = p.bool(1, false);
        if (verbose && withSequence) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER,
                    "Verbose results cannot contain mempool sequence values.");
        }
        if (verbose) {
            JsonObject all = new JsonObject();
            for (MempoolEntry e : node.mempool().entries()) {
                all.put(e.txid().toString(), mempoolEntry(node, e));
            }
            return all;
        }
        JsonArray txids = new JsonArray();
        node.mempool().entries().forEach(e -> txids.add(e.txid().toString()));
        if (withSequence) {
            return new JsonObject().put("txids", txids).put("mempool_sequence", node.mempool().sequence());
        }
        return txids;
    }

    private static Object getMempoolEntry(RegtestNode node, Params p) {
        TxId txid = new TxId(p.hash(0, "txid"));
        MempoolEntry e = node.mempool().get(txid)
                .orElseThrow(() -> RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool"));
        return mempoolEntry(node, e);
    }

    /** {@code entryToJSON} (rpc/mempool.cpp); the chunk is approximated by the transaction with its ancestors. */
    private static JsonObject mempoolEntry(RegtestNode node, MempoolEntry e) {
        var pool = node.mempool();
        Set<TxId> ancestors = pool.ancestors(e.tx());
        Set<TxId> descendants = pool.withDescendants(e.txid());
        long ancestorSize = e.vsize();
        long ancestorFees = e.feeSat();
        boolean replaceable = signalsRbf(e.tx());
        for (TxId id : ancestors) {
            MempoolEntry a = pool.get(id).orElseThrow();
            ancestorSize += a.vsize();
            ancestorFees += a.feeSat();
            replaceable |= signalsRbf(a.tx());
        }
        long descendantSize = 0;
        long descendantFees = 0;
        for (TxId id : descendants) {
            MempoolEntry d = pool.get(id).orElseThrow();
            descendantSize += d.vsize();
            descendantFees += d.feeSat();
        }
        JsonArray depends = new JsonArray();
        pool.parents(e.tx()).forEach(id -> depends.add(id.toString()));
        JsonArray spentBy = new JsonArray();
        pool.children(e.txid()).forEach(id -> spentBy.add(id.toString()));
        return new JsonObject()
                .put("vsize", e.vsize())
                .put("weight", e.weight())
                .put("time", e.time())
                .put("height", e.height())
                .put("descendantcount", descendants.size())
                .put("descendantsize", descendantSize)
                .put("ancestorcount", ancestors.size() + 1)
                .put("ancestorsize", ancestorSize)
                .put("wtxid", e.wtxid().toString())
                .put("chunkweight", e.weight())
                .put("fees", new JsonObject().put("base", RpcJson.amount(e.feeSat()))
                        .put("modified", RpcJson.amount(e.feeSat()))
                        .put("ancestor", RpcJson.amount(ancestorFees))
                        .put("descendant", RpcJson.amount(descendantFees))
                        .put("chunk", RpcJson.amount(e.feeSat())))
                .put("depends", depends)
                .put("spentby", spentBy)
                .put("bip125-replaceable", replaceable)
                .put("unbroadcast", false);
    }

    private static boolean signalsRbf(Transaction tx) {
        for (TxIn in : tx.txIn) {
            if (in.sequence <= 0xfffffffdL) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject mempoolInfo(RegtestNode node) {
        long bytes = 0;
        long fees = 0;
        for (MempoolEntry e : node.mempool().entries()) {
            bytes += e.vsize();
            fees += e.feeSat();
        }
        RegtestNode.Settings s = node.settings();
        return new JsonObject()
                .put("loaded", true)
                .put("size", node.mempool().size())
                .put("bytes", bytes)
                .put("usage", bytes * 4)
                .put("total_fee", RpcJson.amount(fees))
                .put("maxmempool", 300_000_000)
                .put("mempoolminfee", RpcJson.amount(s.minRelayFeeSatPerKvB()))
                .put("minrelaytxfee", RpcJson.amount(s.minRelayFeeSatPerKvB()))
                .put("incrementalrelayfee", RpcJson.amount(s.incrementalRelayFeeSatPerKvB()))
                .put("unbroadcastcount", 0)
                .put("fullrbf", true);
    }
}
