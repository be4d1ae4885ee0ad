/**
 * The responder: owns every decrypted justice transaction from the breach until it is irrevocable.
 * {@link dev.vigil.towerserver.responder.TrackerMachine} is the pure lifecycle; the shell executes
 * its actions through the {@link dev.vigil.towerserver.responder.Carrier} port and the store.
 * Depends on tower-protocol and the JDK; no HTTP, no MapDB, no bitcoind client types.
 */
package dev.vigil.towerserver.responder;
