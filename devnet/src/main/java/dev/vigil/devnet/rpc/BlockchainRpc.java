package dev.vigil.devnet.rpc;

import dev.vigil.devnet.chain.BlockEntry;
import dev.vigil.devnet.chain.Regtest;
import dev.vigil.devnet.chain.RegtestNode;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.BlockId;
import fr.acinq.bitcoin.ByteVector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * bitcoind's blockchain RPCs ({@code rpc/blockchain.cpp}): the chain, its blocks and tips, and
 * {@code invalidateblock}/{@code reconsiderblock}.
 */
final class BlockchainRpc {
    private BlockchainRpc() {
    }

    static void registerInto(RpcMethods.Registry r) {
        r.add("getblockchaininfo", List.of(), (n, p) -> blockchainInfo(n));
        r.add("getblockcount", List.of(), (n, p) -> n.height());
        r.add("getbestblockhash", List.of(), (n, p) -> n.tip().displayHash());
        r.add("getblockhash", List.of("height"), BlockchainRpc::getBlockHash);
        r.add("getblockheader", List.of("blockhash", "verbose"), BlockchainRpc::getBlockHeader);
        r.add("getblock", List.of("blockhash", "verbosity"), BlockchainRpc::getBlock);
        r.add("getchaintips", List.of(), (n, p) -> chainTips(n));
        r.add("invalidateblock", List.of("blockhash"), BlockchainRpc::invalidateBlock);
        r.add("reconsiderblock", List.of("blockhash"), BlockchainRpc::reconsiderBlock);
    }

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

    private static Object getBlockHash(RegtestNode node, Params p) {
        long height = p.requiredLong(0);
        if (height < 0 || height > node.height()) {
            throw RpcError.fail(RpcError.RPC_INVALID_PARAMETER, "Block height out of range");
        }
        return node.activeAt((int) height).orElseThrow().displayHash();
    }

    private static Object getBlockHeader(RegtestNode node, Params p) {
        BlockEntry e = requireBlock(node, p.hash(0, "hash"), "Block not found");
        if (!p.bool(1, true)) {
            return new ByteVector(BlockHeader.write(e.block().header)).toHex();
        }
        return ChainJson.header(node, e);
    }

    private static Object getBlock(RegtestNode node, Params p) {
        BlockEntry e = requireBlock(node, p.hash(0, "blockhash"), "Block not found");
        int verbosity = p.verbosity(1, 1);
        if (verbosity <= 0) {
            return new ByteVector(fr.acinq.bitcoin.Block.write(e.block())).toHex();
        }
        return ChainJson.block(node, e, verbosity);
    }

    static BlockEntry requireBlock(RegtestNode node, String displayHash, String notFound) {
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

    private static Object invalidateBlock(RegtestNode node, Params p) {
        String hash = p.hash(0, "blockhash");
        if (!node.invalidate(new BlockHash(new BlockId(hash)))) {
            throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        }
        return null;
    }

    private static Object reconsiderBlock(RegtestNode node, Params p) {
        String hash = p.hash(0, "blockhash");
        if (!node.reconsider(new BlockHash(new BlockId(hash)))) {
            throw RpcError.fail(RpcError.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        }
        return null;
    }
}
