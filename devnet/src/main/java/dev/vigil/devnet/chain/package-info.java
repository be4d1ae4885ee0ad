/**
 * The devnet's chain, as plain single-threaded Java: the block tree and active chain, the UTXO set and
 * full transaction index, the mempool with Bitcoin Core's acceptance order and reject reasons, block
 * assembly (coinbase with BIP34 height, witness commitment, merkle root, proof of work) and reorgs.
 *
 * <p>Threading: nothing here is thread-safe. A {@link dev.vigil.devnet.chain.RegtestNode} and every object
 * it hands out belong to one owner thread (the devnet's chain thread); other threads reach it only
 * through that owner. Events leave through a listener called on the owner thread.
 *
 * <p>Dependencies: bitcoin-kmp (transaction, block and script types, serialization and the script
 * interpreter) and the JDK only. No Vert.x, no JeroMQ, no I/O.
 */
package dev.vigil.devnet.chain;
