package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.Faucet;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.devnet.chain.RegtestNode;
import dev.vigil.devnet.chain.RegtestNode.MineResult;
import dev.vigil.towerprotocol.encoding.Hex;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * bitcoind's mining RPCs ({@code rpc/mining.cpp}: {@code generatetoaddress}, {@code generateblock}) and the
 * devnet's wallet stand-ins, paid from the {@link Faucet}: {@code sendtoaddress} and {@code faucet}.
 */
final class MiningRpc {
    private final Faucet faucet;

    MiningRpc(Faucet faucet) {
        this.faucet = Objects.requireNonNull(faucet, "faucet");
    }

    void registerInto(RpcMethods.Registry r) {
        r.add("generatetoaddress", List.of("nblocks", "address", "maxtries"), MiningRpc::generateToAddress);
        r.add("generateblock", List.of("output", "transactions", "submit"), MiningRpc::generateBlock);
        r.add("sendtoaddress", List.of("address", "amount"), this::sendToAddress);
        r.add("faucet", List.of("destination", "amount"), this::faucetPayment);
    }

    private static Object generateToAddress(RegtestNode node, Params p) {
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

    private static Object generateBlock(RegtestNode node, Params p) {
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
                txs.add(RawTransactionRpc.decode(item).orElseThrow(() -> RpcError.fail(RpcError.RPC_DESERIALIZATION_ERROR,
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
            throw MempoolRpc.atmpError(r.rejection());
        }
        return tx;
    }
}
