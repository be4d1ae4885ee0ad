package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import java.util.Optional;

/**
 * Port: the node's view of the chain, the subset of bitcoind's RPC the follower needs
 * ({@code getbestblockhash}, {@code getblockheader}, {@code getblockhash}, {@code getblock <hash> 0}).
 * Implemented over RPC by {@code dev.vigil.breachdetector.rpc.BitcoindChainSource}.
 *
 * <p><b>Contract.</b> Blocking: every method may block on the network; call from the follower's
 * worker thread, never an event loop. Threading: used by one thread at a time. Failures: a node
 * that cannot answer throws {@link ChainSourceException}; "no such block" is an empty result, not
 * an exception. Answers may come from different moments: the best chain can change between two
 * calls, and the follower checks that what it connects links up.
 */
public interface ChainSource {

    /** The tip of the node's best chain. */
    Hash256 bestBlockHash() throws ChainSourceException;

    /** The header of {@code hash}, or empty if the node does not know that block. */
    Optional<ChainHeader> header(Hash256 hash) throws ChainSourceException;

    /** The hash of the active chain's block at {@code height}, or empty above the tip. */
    Optional<Hash256> blockHashAt(int height) throws ChainSourceException;

    /** The full block, or empty if the node does not have it (unknown or pruned). */
    Optional<Block> block(Hash256 hash) throws ChainSourceException;
}
