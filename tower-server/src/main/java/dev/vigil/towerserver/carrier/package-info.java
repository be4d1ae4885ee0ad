/**
 * The carrier: hands justice and dispute transactions to bitcoind and classifies its answers for
 * the responder. Implements the responder's {@code Carrier} port over breach-detector's RPC client.
 */
package dev.vigil.towerserver.carrier;
