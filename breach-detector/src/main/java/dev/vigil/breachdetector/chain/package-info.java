/**
 * Following the chain: the {@link dev.vigil.breachdetector.chain.ChainFollower} walks from the
 * stored tip to bitcoind's best block (disconnect back to the fork point, then connect forward),
 * connects a {@code rawblock} payload that extends the tip as it is, and emits an ordered stream of
 * {@link dev.vigil.breachdetector.chain.ChainEvent}s, whatever ZMQ did (DESIGN §3). The
 * {@link dev.vigil.breachdetector.chain.ChainMonitor} runs it on its own thread on every doorbell,
 * payload and safety poll.
 *
 * <p>Logic behind ports declared here: {@link dev.vigil.breachdetector.chain.ChainSource}
 * (the RPC subset; implemented in {@code dev.vigil.breachdetector.rpc}),
 * {@link dev.vigil.breachdetector.chain.TipStore} (the persisted tip; implemented by the server's
 * store) and {@link dev.vigil.breachdetector.chain.ChainListener}; the monitor is the
 * {@code notify} package's {@link dev.vigil.breachdetector.notify.NotificationListener}. Depends on
 * {@code dev.vigil.breachdetector.block}, {@code dev.vigil.breachdetector.notify} and the JDK.
 */
package dev.vigil.breachdetector.chain;
