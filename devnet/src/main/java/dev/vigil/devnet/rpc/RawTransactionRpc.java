package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.BlockEntry;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.devnet.chain.Regtest;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.towerprotocol.encoding.Hex;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * bitcoind's raw-transaction RPCs ({@code rpc/rawtransaction.cpp}): {@code getrawtransaction} from the
 * mempool or the transaction index, and {@code DecodeHexTx}, which the mempool and mining RPCs share.
 */
final class RawTransactionRpc {
    private RawTransactionRpc() {
    }

    static void registerInto(RpcMethods.Registry r) {
        r.add("getrawtransaction", List.of("txid", "verbose", "blockhash"), RawTransactionRpc::getRawTransaction);
    }

    private static Object getRawTransaction(RegtestNode node, Params p) {
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
            in = BlockchainRpc.requireBlock(node, blockHash.get(), "Block hash not found");
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
}
