/**
 * Following the chain: the {@link dev.vigil.breachdetector.chain.ChainFollower} walks from the
 * stored tip to bitcoind's best block (disconnect back to the fork point, then connect forward)
 * and emits an ordered stream of {@link dev.vigil.breachdetector.chain.ChainEvent}s, whatever ZMQ
 * did (DESIGN §3).
 *
 * <p>Pure logic behind ports declared here: {@link dev.vigil.breachdetector.chain.ChainSource}
 * (the RPC subset; implemented in {@code dev.vigil.breachdetector.rpc}),
 * {@link dev.vigil.breachdetector.chain.TipStore} (the persisted tip; implemented by the server's
 * store) and {@link dev.vigil.breachdetector.chain.ChainListener}. Depends on
 * {@code dev.vigil.breachdetector.block} and the JDK only.
 */
package dev.vigil.breachdetector.chain;
