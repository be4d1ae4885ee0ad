package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.BlockEntry;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.devnet.chain.Txs;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Locale;

/** bitcoind's JSON for headers, blocks and transactions ({@code rpc/blockchain.cpp}, {@code core_write.cpp}). */
final class ChainJson {
    private ChainJson() {
    }

    static String hex64(BigInteger value) {
        String h = value.toString(16);
        return "0".repeat(Math.max(0, 64 - h.length())) + h;
    }

    static String bitsHex(long bits) {
        return String.format(Locale.ROOT, "%08x", bits);
    }

    /** {@code blockheaderToJSON}. */
    static JsonObject header(RegtestNode node, BlockEntry e) {
        BlockHeader h = e.block().header;
        JsonObject o = new JsonObject();
        o.put("hash", e.displayHash());
        o.put("confirmations", node.isActive(e) ? node.height() - e.height() + 1 : -1);
        o.put("height", e.height());
        o.put("version", h.version);
        o.put("versionHex", String.format(Locale.ROOT, "%08x", h.version));
        o.put("merkleroot", h.hashMerkleRoot.reversed().toHex());
        o.put("time", h.time);
        o.put("mediantime", e.medianTimePast());
        o.put("nonce", h.nonce);
        o.put("bits", bitsHex(h.bits));
        o.put("target", hex64(dev.vigil.devnet.chain.Regtest.target(h.bits)));
        o.put("difficulty", dev.vigil.devnet.chain.Regtest.difficulty(h.bits));
        o.put("chainwork", hex64(e.chainWork()));
        o.put("nTx", e.block().tx.size());
        if (e.parent() != null) {
            o.put("previousblockhash", e.parent().displayHash());
        }
        if (node.isActive(e)) {
            node.activeAt(e.height() + 1).ifPresent(next -> o.put("nextblockhash", next.displayHash()));
        }
        return o;
    }

    /** {@code blockToJSON}, verbosity 1 (txids) or 2 (transactions). */
    static JsonObject block(RegtestNode node, BlockEntry e, int verbosity) {
        JsonObject o = header(node, e);
        o.put("strippedsize", e.strippedSize());
        o.put("size", e.size());
        o.put("weight", e.weight());
        JsonArray txs = new JsonArray();
        for (Transaction tx : e.block().tx) {
            txs.add(verbosity >= 2 ? tx(tx) : tx.txid.toString());
        }
        o.put("tx", txs);
        return o;
    }

    /** {@code TxToUniv} with the hex last (as getrawtransaction prints it before the block fields). */
    static JsonObject tx(Transaction tx) {
        JsonObject o = new JsonObject();
        o.put("txid", tx.txid.toString());
        o.put("hash", Txs.wtxid(tx).toString());
        o.put("version", tx.version);
        o.put("size", Transaction.write(tx).length);
        o.put("vsize", Txs.vsize(tx));
        o.put("weight", tx.weight());
        o.put("locktime", tx.lockTime);
        JsonArray vin = new JsonArray();
        for (TxIn in : tx.txIn) {
            JsonObject i = new JsonObject();
            if (tx.isCoinbase()) {
                i.put("coinbase", in.signatureScript.toHex());
            } else {
                i.put("txid", in.outPoint.txid.toString());
                i.put("vout", in.outPoint.index);
                i.put("scriptSig", new JsonObject().put("asm", ScriptJson.asm(in.signatureScript.toByteArray(), true))
                        .put("hex", in.signatureScript.toHex()));
            }
            if (!in.witness.isNull()) {
                JsonArray w = new JsonArray();
                for (ByteVector item : in.witness.stack) {
                    w.add(item.toHex());
                }
                i.put("txinwitness", w);
            }
            i.put("sequence", in.sequence);
            vin.add(i);
        }
        o.put("vin", vin);
        JsonArray vout = new JsonArray();
        for (int n = 0; n < tx.txOut.size(); n++) {
            TxOut out = tx.txOut.get(n);
            vout.add(new JsonObject().put("value", RpcJson.amount(out.amount.getSat())).put("n", n)
                    .put("scriptPubKey", ScriptJson.scriptPubKey(out.publicKeyScript)));
        }
        o.put("vout", vout);
        o.put("hex", new ByteVector(Transaction.write(tx)).toHex());
        return o;
    }
}
