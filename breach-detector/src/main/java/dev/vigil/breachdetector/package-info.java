/**
 * Following the chain: ZMQ is the doorbell, bitcoind RPC is the truth. Emits an ordered stream of
 * block connected/disconnected events and matches the locators of each connected block.
 *
 * <p>Packages: {@code block} (parsing, txids, locators), {@code match} (batch locator matching,
 * recent blocks), {@code notify} (ZMQ messages as values, sequence tracking), {@code zmq} (the
 * JeroMQ subscriber), {@code rpc} (bitcoind JSON-RPC client), {@code chain} (the follower and its
 * ports). Core packages use no Vert.x, MapDB or JeroMQ; JeroMQ is confined to {@code zmq} (checked
 * by DependencyRulesTest).
 */
package dev.vigil.breachdetector;
