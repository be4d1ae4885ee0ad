/**
 * An embedded regtest chain that speaks bitcoind's JSON-RPC and ZMQ, for demos and tests: a stand-in for
 * bitcoind on a laptop, never a replacement for it (DESIGN §8). {@link dev.vigil.devnet.Devnet} is the facade
 * (start, mine, reorg, faucet, restart, faults) and the composition root of the sub-packages: {@code chain}
 * (pure chain logic, one owner thread), {@code rpc} (Vert.x JSON-RPC server) and {@code zmq} (JeroMQ
 * publishers).
 *
 * <p>Dependencies: the three sub-packages, Vert.x core, bitcoin-kmp, tower-protocol. Nothing here depends on
 * breach-detector or the tower: the devnet is what they talk to.
 */
package dev.vigil.devnet;
