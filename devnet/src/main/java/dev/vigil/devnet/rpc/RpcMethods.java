package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.BlockEntry;
import dev.vigil.devnet.chain.Faucet;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.devnet.chain.Money;
import dev.vigil.devnet.chain.Regtest;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.devnet.chain.RegtestNode.MineResult;
import dev.vigil.devnet.chain.ScriptType;
import dev.vigil.devnet.chain.TxRejection;
import dev.vigil.devnet.chain.Txs;
import dev.vigil.towerprotocol.encoding.Hex;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.BlockId;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The RPC methods, answering as bitcoind v30 does (shapes, codes, messages). Runs on the chain's owner
 * thread only: every method reads or changes the {@link RegtestNode} directly.
 */
public final class RpcMethods {
    /** What a method returned: a JSON value, or bitcoind's error. */
    public sealed interface Outcome {
        record Result(Object value) implements Outcome {
        }

        record Error(RpcError error) implements Outcome {
            public Error {
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /** Devnet answers that bitcoind computes from data the devnet does not have. */
    public record Settings(Optional<BigDecimal> estimateSmartFeeRate) {
        public Settings {
            Objects.requireNonNull(estimateSmartFeeRate, "estimateSmartFeeRate");
        }
    }

    @FunctionalInterface
    private interface Method {
        Object call(RegtestNode node, Params params);
    }

    private static final String DECODE_FAILED = "TX decode failed. Make sure the tx has at least one input.";
    /** {@code DEFAULT_MAX_RAW_TX_FEE_RATE} in node/transaction.h: 0.10 BTC/kvB. */
    private static final long DEFAULT_MAX_FEE_RATE_SAT_PER_KVB = 10_000_000L;

    private final Faucet faucet;
    private final Settings settings;
    private final Map<String, Method> methods = new HashMap<>();
    private final Map<String, List<String>> paramNames = new HashMap<>();

    public RpcMethods(Faucet faucet, Settings settings) {
        this.faucet = Objects.requireNonNull(faucet, "faucet");
        this.settings = Objects.requireNonNull(settings, "settings");
        register("getblockchaininfo", List.of(), (n, p) -> blockchainInfo(n));
        register("getblockcount", List.of(), (n, p) -> n.height());
        register("getbestblockhash", List.of(), (n, p) -> n.tip().displayHash());
        register("getblockhash", List.of("height"), this::getBlockHash);
        register("getblockheader", List.of("blockhash", "verbose"), this::getBlockHeader);
        register("getblock", List.of("blockhash", "verbosity"), this::getBlock);
        register("getchaintips", List.of(), (n, p) -> chainTips(n));
        register("getrawtransaction", List.of("txid", "verbose", "blockhash"), this::getRawTransaction);
        register("sendrawtransaction", List.of("hexstring", "maxfeerate", "maxburnamount"), this::sendRawTransaction);
        register("testmempoolaccept", List.of("rawtxs", "maxfeerate"), this::testMempoolAccept);
        register("getrawmempool", List.of("verbose", "mempool_sequence"), this::getRawMempool);
        register("getmempoolentry", List.of("txid"), this::getMempoolEntry);
        register("getmempoolinfo", List.of(), (n, p) -> mempoolInfo(n));
        register("estimatesmartfee", List.of("conf_target", "estimate_mode"), this::estimateSmartFee);
        register("getnetworkinfo", List.of(), (n, p) -> networkInfo(n));
        register("generatetoaddress", List.of("nblocks", "address", "maxtries"), this::generateToAddress);
        register("generateblock", List.of("output", "transactions", "submit"), this::generateBlock);
        register("invalidateblock", List.of("blockhash"), this::invalidateBlock);
        register("reconsiderblock", List.of("blockhash"), this::reconsiderBlock);
        register("sendtoaddress", List.of("address", "amount"), this::sendToAddress);
        register("faucet", List.of("destination", "amount"), this::faucetPayment);
        register("uptime", List.of(), (n, p) -> 0);
    }

    private void register(String name, List<String> names, Method method) {
        methods.put(name, method);
        paramNames.put(name, names);
    }

    /** Runs one request on the chain thread. {@code params} is a JSON array, a JSON object (named) or null. */
    public Outcome call(RegtestNode node, String method, Object params) {
        Method m = methods.get(method);
        if (m == null) {
            return new Outcome.Error(new RpcError(RpcError.RPC_METHOD_NOT_FOUND, "Method not found"));
        }
        try {
            return new Outcome.Result(m.call(node, Params.of(params, paramNames.get(method))));
        } catch (RpcError.Failure f) {
            return new Outcome.Error(f.error());
        }
    }

    // ------------------------------------------------------------------ blockchain

    private static JsonObject blockchainInfo(RegtestNode node) {
        BlockEntry tip = node.tip();
        long sizeOnDisk = 0;
        for (BlockEntry e : node.activeChain()) {
            sizeOnDisk += e.size() + 8;
        }
        return new JsonObject()
                .put("chain", "regtest")
                .put("blocks", node.height())
                .put("headers", node.height())
                .put("bestblockhash", tip.displayHash())
                .put("bits", ChainJson.bitsHex(tip.block().header.bits))
                .put("target", ChainJson.hex64(Regtest.target(tip.block().header.bits)))
                .put("difficulty", Regtest.difficulty(tip.block().header.bits))
                .put("time", tip.block().header.time)
                .put("mediantime", tip.medianTimePast())
                .put("verificationprogress", 1.0)
                .put("initialblockdownload", node.height() == 0)
                .put("chainwork", ChainJson.hex64(tip.chainWork()))
                .put("size_on_disk", sizeOnDisk)
                .put("pruned", false)
                .put("warnings", new JsonArray());
    }

    private Object getBlockHash(RegtestNode node, Params p) {
        long height = p.requiredLong(0);
        if (height < 0 || height > node.height()) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Block height out of range");
        }
        return node.activeAt((int) height).orElseThrow().displayHash();
    }

    private Object getBlockHeader(RegtestNode node, Params p) {
        BlockEntry e = requireBlock(node, p.hash(0, "hash"), "Block not found");
        if (!p.bool(1, true)) {
            return new ByteVector(BlockHeader.write(e.block().header)).toHex();
        }
        return ChainJson.header(node, e);
    }

    private Object getBlock(RegtestNode node, Params p) {
        BlockEntry e = requireBlock(node, p.hash(0, "blockhash"), "Block not found");
        int verbosity = p.verbosity(1, 1);
        if (verbosity <= 0) {
            return new ByteVector(fr.acinq.bitcoin.Block.write(e.block())).toHex();
        }
        return ChainJson.block(node, e, verbosity);
    }

    private static BlockEntry requireBlock(RegtestNode node, String displayHash, String notFound) {
        return node.block(new BlockHash(new BlockId(displayHash)))
                .orElseThrow(() -> RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, notFound));
    }

    private static JsonArray chainTips(RegtestNode node) {
        JsonArray tips = new JsonArray();
        List<BlockEntry> leaves = new ArrayList<>(node.leaves());
        if (!leaves.contains(node.tip())) {
            leaves.add(node.tip());
        }
        leaves.sort((a, b) -> Integer.compare(b.height(), a.height()));
        for (BlockEntry leaf : leaves) {
            BlockEntry fork = leaf;
            while (!node.isActive(fork)) {
                fork = fork.parent();
            }
            String status = leaf == node.tip() ? "active" : leaf.failedOrDescendsFromFailed() ? "invalid" : "valid-fork";
            if (node.isActive(leaf) && leaf != node.tip()) {
                continue;
            }
            tips.add(new JsonObject().put("height", leaf.height()).put("hash", leaf.displayHash())
                    .put("branchlen", leaf.height() - fork.height()).put("status", status));
        }
        return tips;
    }

    private Object invalidateBlock(RegtestNode node, Params p) {
        String hash = p.hash(0, "blockhash");
        if (!node.invalidate(new BlockHash(new BlockId(hash)))) {
            throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        }
        return null;
    }

    private Object reconsiderBlock(RegtestNode node, Params p) {
        String hash = p.hash(0, "blockhash");
        if (!node.reconsider(new BlockHash(new BlockId(hash)))) {
            throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        }
        return null;
    }

    // ------------------------------------------------------------------ transactions

    private Object getRawTransaction(RegtestNode node, Params p) {
        TxId txid = new TxId(p.hash(0, "parameter 1"));
        int verbosity = p.verbosity(1, 0);
        Optional<String> blockHash = p.optionalHash(2, "parameter 3");
        if (txid.equals(Regtest.GENESIS.tx.get(0).txid)) {
            throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY,
                    "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved");
        }
        Transaction tx = null;
        BlockEntry in = null;
        if (blockHash.isPresent()) {
            in = requireBlock(node, blockHash.get(), "Block hash not found");
            for (Transaction t : in.block().tx) {
                if (t.txid.equals(txid)) {
                    tx = t;
                }
            }
            if (tx == null) {
                throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY,
                        "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
            }
        } else {
            Optional<MempoolEntry> mem = node.mempool().get(txid);
            if (mem.isPresent()) {
                tx = mem.get().tx();
            } else {
                Optional<RegtestNode.TxLocation> at = node.confirmed(txid);
                if (at.isEmpty()) {
                    throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY,
                            "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
                }
                tx = at.get().tx();
                in = at.get().block();
            }
        }
        if (verbosity <= 0) {
            return new ByteVector(Transaction.write(tx)).toHex();
        }
        JsonObject o = new JsonObject();
        if (blockHash.isPresent()) {
            o.put("in_active_chain", node.isActive(in));
        }
        o.getMap().putAll(ChainJson.tx(tx).getMap());
        if (in != null) {
            o.put("blockhash", in.displayHash());
            if (node.isActive(in)) {
                o.put("confirmations", node.height() - in.height() + 1);
                o.put("time", in.block().header.time);
                o.put("blocktime", in.block().header.time);
            } else {
                o.put("confirmations", 0);
            }
        }
        return o;
    }

    /** {@code sendrawtransaction} as {@code BroadcastTransaction} (node/transaction.cpp) answers it. */
    private Object sendRawTransaction(RegtestNode node, Params p) {
        Transaction tx = decode(p.requiredString(0))
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
    private static RpcError.Failure atmpError(TxRejection rejection) {
        int code = rejection.kind() == TxRejection.Kind.MISSING_INPUTS ? RpcError.RPC_VERIFY_ERROR : RpcError.RPC_VERIFY_REJECTED;
        return RpcError.fail(code, rejection.message());
    }

    private Object testMempoolAccept(RegtestNode node, Params p) {
        JsonArray raw = p.requiredArray(0);
        if (raw.isEmpty() || raw.size() > 25) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Array must contain between 1 and 25 transactions.");
        }
        long maxFeeRate = p.feeRate(1, DEFAULT_MAX_FEE_RATE_SAT_PER_KVB);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.getValue(i);
            String hex = item instanceof String s ? s : "";
            txs.add(decode(hex).orElseThrow(() -> RpcError.fail(RpcError.RPC_DESERIALIZATION_ERROR,
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

    /** {@code DecodeHexTx}: the whole string must be one transaction. */
    static Optional<Transaction> decode(String hex) {
        Optional<byte[]> bytes = Hex.tryDecode(hex);
        if (bytes.isEmpty() || bytes.get().length == 0) {
            return Optional.empty();
        }
        try {
            Transaction tx = Transaction.read(bytes.get());
            if (!Arrays.equals(Transaction.write(tx), bytes.get()) || tx.txIn.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(tx);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ mempool

    private Object getRawMempool(RegtestNode node, Params p) {
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

    private Object getMempoolEntry(RegtestNode node, Params p) {
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

    private Object estimateSmartFee(RegtestNode node, Params p) {
        long target = p.requiredLong(0);
        if (target < 1 || target > 1008) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Invalid conf_target, must be between 1 and 1008");
        }
        if (settings.estimateSmartFeeRate().isPresent()) {
            return new JsonObject().put("feerate", settings.estimateSmartFeeRate().get()).put("blocks", target);
        }
        // As bitcoind answers without fee history (recorded on regtest): no estimate.
        return new JsonObject().put("errors", new JsonArray().add("Insufficient data or no feerate found"))
                .put("blocks", 0);
    }

    private static JsonObject networkInfo(RegtestNode node) {
        JsonArray networks = new JsonArray();
        for (String name : List.of("ipv4", "ipv6", "onion", "i2p", "cjdns")) {
            boolean reachable = name.startsWith("ipv");
            networks.add(new JsonObject().put("name", name).put("limited", !reachable).put("reachable", reachable)
                    .put("proxy", "").put("proxy_randomize_credentials", false));
        }
        RegtestNode.Settings s = node.settings();
        return new JsonObject()
                .put("version", 309900)
                .put("subversion", "/Satoshi:30.99.0(vigil-devnet)/")
                .put("protocolversion", 70016)
                .put("localservices", "0000000000000c09")
                .put("localservicesnames", new JsonArray().add("NETWORK").add("WITNESS").add("NETWORK_LIMITED").add("P2P_V2"))
                .put("localrelay", true)
                .put("timeoffset", 0)
                .put("networkactive", true)
                .put("connections", 0)
                .put("connections_in", 0)
                .put("connections_out", 0)
                .put("networks", networks)
                .put("relayfee", RpcJson.amount(s.minRelayFeeSatPerKvB()))
                .put("incrementalfee", RpcJson.amount(s.incrementalRelayFeeSatPerKvB()))
                .put("localaddresses", new JsonArray())
                .put("warnings", new JsonArray());
    }

    // ------------------------------------------------------------------ mining and faucet

    private Object generateToAddress(RegtestNode node, Params p) {
        long count = p.requiredLong(0);
        ByteVector script = ScriptJson.scriptFor(p.requiredString(1))
                .orElseThrow(() -> RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address"));
        JsonArray hashes = new JsonArray();
        MineResult result = node.mine((int) Math.max(0, Math.min(count, 100_000)), script);
        if (result instanceof MineResult.Mined mined) {
            mined.blocks().forEach(b -> hashes.add(b.displayHash()));
            return hashes;
        }
        throw RpcError.fail(RpcError.RPC_MISC_ERROR, "Failed to make block: " + ((MineResult.Invalid) result).reason());
    }

    private Object generateBlock(RegtestNode node, Params p) {
        ByteVector script = ScriptJson.scriptFor(p.requiredString(0)).orElseThrow(
                () -> RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor"));
        JsonArray items = p.requiredArray(1);
        if (!p.bool(2, true)) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "submit=false is not supported by the devnet");
        }
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = String.valueOf(items.getValue(i));
            if (item.length() == 64 && Hex.tryDecode(item).isPresent()) {
                txs.add(node.mempool().get(new TxId(item)).map(MempoolEntry::tx).orElseThrow(() -> RpcError.fail(
                        RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Transaction " + item + " not in mempool.")));
            } else {
                txs.add(decode(item).orElseThrow(() -> RpcError.fail(RpcError.RPC_DESERIALIZATION_ERROR,
                        "Transaction decode failed for " + item + ". Make sure the tx has at least one input.")));
            }
        }
        MineResult result = node.mineWith(script, txs);
        if (result instanceof MineResult.Invalid invalid) {
            throw RpcError.fail(RpcError.RPC_VERIFY_ERROR, "TestBlockValidity failed: " + invalid.reason());
        }
        return new JsonObject().put("hash", ((MineResult.Mined) result).blocks().get(0).displayHash());
    }

    private Object sendToAddress(RegtestNode node, Params p) {
        return pay(node, p).txid.toString();
    }

    /** The devnet faucet: {@code faucet <address or raw(hex)> <amount BTC>} → the funding outpoint. */
    private Object faucetPayment(RegtestNode node, Params p) {
        Transaction tx = pay(node, p);
        return new JsonObject().put("txid", tx.txid.toString()).put("vout", 0)
                .put("amount", RpcJson.amount(tx.txOut.get(0).amount.getSat()))
                .put("hex", new ByteVector(Transaction.write(tx)).toHex());
    }

    private Transaction pay(RegtestNode node, Params p) {
        ByteVector script = ScriptJson.scriptFor(p.requiredString(0))
                .orElseThrow(() -> RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Invalid address"));
        long amount = p.amountSat(1, -1);
        if (amount <= 0) {
            throw RpcError.fail(RpcError.RPC_TYPE_ERROR, "Invalid amount for send");
        }
        Transaction tx = faucet.pay(node, script, amount)
                .orElseThrow(() -> RpcError.fail(-6, "Insufficient funds"));
        AcceptResult result = node.submit(tx);
        if (result instanceof AcceptResult.Rejected r) {
            throw atmpError(r.rejection());
        }
        return tx;
    }

    // ------------------------------------------------------------------ parameters

    /** Positional parameters (named ones are mapped to positions), parsed as bitcoind's RPCHelpMan does. */
    static final class Params {
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
}
