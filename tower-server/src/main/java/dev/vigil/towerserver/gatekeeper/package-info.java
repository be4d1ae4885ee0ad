/**
 * The gatekeeper: who may use the tower, with how many slots, until which block (teos's subscription
 * model), and the settlement that gives an answered breach's slots back. Declares
 * {@link dev.vigil.towerserver.gatekeeper.UserLedger} (registrations and top-ups, one task each) and
 * {@link dev.vigil.towerserver.gatekeeper.UserWrites} (refunds and expiries, into the batch open on
 * the tower thread), its ports to the store. Depends on
 * tower-protocol, the JDK, the tower thread and the responder's tracker and settlement port (which it
 * implements); knows nothing of HTTP or MapDB.
 */
package dev.vigil.towerserver.gatekeeper;
