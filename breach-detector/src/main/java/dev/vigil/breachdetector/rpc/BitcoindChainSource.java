package dev.vigil.breachdetector.rpc;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.ParseResult;
import dev.vigil.breachdetector.chain.ChainHeader;
import dev.vigil.breachdetector.chain.ChainSource;
import dev.vigil.breachdetector.chain.ChainSourceException;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * The follower's {@link ChainSource} over bitcoind's RPC. "No such block" answers become empty
 * results: -5 "Block not found" for an unknown hash, -8 for a height above the tip, and -1 "Block
 * not available (pruned data)"; everything else that is not a result becomes a
 * {@link ChainSourceException}.
 */
public final class BitcoindChainSource implements ChainSource {
    private final BitcoindRpcClient rpc;

    public BitcoindChainSource(BitcoindRpcClient rpc) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
    }

    @Override
    public Hash256 bestBlockHash() throws ChainSourceException {
        return value(rpc.getBestBlockHash(), "getbestblockhash").orElseThrow(
                () -> new ChainSourceException("getbestblockhash found nothing"));
    }

    @Override
    public Optional<ChainHeader> header(Hash256 hash) throws ChainSourceException {
        return value(rpc.getBlockHeader(hash), "getblockheader " + hash).map(h -> new ChainHeader(
                h.hash(), h.height(), h.previousBlockHash(), h.onActiveChain()));
    }

    @Override
    public Optional<Hash256> blockHashAt(int height) throws ChainSourceException {
        return value(rpc.getBlockHash(height), "getblockhash " + height);
    }

    @Override
    public Optional<Block> block(Hash256 hash) throws ChainSourceException {
        Optional<Bytes> raw = value(rpc.getBlock(hash), "getblock " + hash);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        ParseResult<Block> parsed = Block.parse(raw.get());
        if (parsed instanceof ParseResult.Ok<Block> ok) {
            if (!ok.value().hash().equals(hash)) {
                throw new ChainSourceException("getblock " + hash + " returned block " + ok.value().hash());
            }
            return Optional.of(ok.value());
        }
        throw new ChainSourceException("getblock " + hash + " returned a malformed block: " + parsed);
    }

    private static <T> Optional<T> value(RpcResult<T> r, String what) throws ChainSourceException {
        if (r instanceof RpcResult.Ok<T> ok) {
            return Optional.of(ok.value());
        }
        if (r instanceof RpcResult.Failed<T> f) {
            RpcErrorCode kind = f.error().kind();
            if (kind == RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY || kind == RpcErrorCode.RPC_INVALID_PARAMETER
                    || kind == RpcErrorCode.RPC_MISC_ERROR && f.error().message().contains("pruned")) {
                return Optional.empty();
            }
        }
        throw new ChainSourceException(what + ": " + r);
    }
}
