/**
 * The responder: owns every decrypted justice transaction from the breach until it is irrevocable.
 * {@link dev.vigil.towerserver.responder.TrackerMachine} is the pure lifecycle; the shell executes
 * its actions through its ports: {@link dev.vigil.towerserver.responder.Carrier} (bitcoind),
 * {@link dev.vigil.towerserver.responder.TrackerWrites} and
 * {@link dev.vigil.towerserver.responder.WriteScope} (into the open batch: a block's, or an answer's),
 * {@link dev.vigil.towerserver.responder.TrackerLedger} (loading at start) and
 * {@link dev.vigil.towerserver.responder.TrackerSettlement} (forgetting with the refund). Depends on
 * tower-protocol, the tower thread and the JDK; no HTTP, no MapDB, no bitcoind client types.
 */
package dev.vigil.towerserver.responder;
