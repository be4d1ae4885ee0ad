/**
 * Following the chain: ZMQ is the doorbell, bitcoind RPC is the truth, and a {@code rawblock}
 * payload that extends the tip is the block itself. Emits an ordered stream of block
 * connected/disconnected events and gives each connected block's locators in one batch.
 *
 * <p>Packages: {@code block} (parsing, txids, locators), {@code match} (the recent
 * blocks), {@code notify} (ZMQ messages as values, sequence tracking), {@code zmq} (the
 * JeroMQ subscriber), {@code rpc} (bitcoind JSON-RPC client), {@code chain} (the follower, its
 * monitor and their ports). Vert.x and MapDB are not dependencies of this module; JeroMQ is
 * confined to {@code zmq}, checked on the bytecode by forbiddenapis (this module's pom).
 */
package dev.vigil.breachdetector;
