/**
 * Following the chain: ZMQ is the doorbell, bitcoind RPC is the truth. Emits an ordered stream of
 * block connected/disconnected events and matches the locators of each connected block.
 *
 * <p>Core packages use no Vert.x, MapDB or JeroMQ; JeroMQ is confined to the ZMQ adapter package.
 * (Arrives with issue 4.)
 */
package dev.vigil.breachdetector;
