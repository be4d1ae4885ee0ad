/**
 * The gatekeeper: who may use the tower, with how many slots, until which block (teos's subscription
 * model), and the settlement that gives an answered breach's slots back. Declares
 * {@link dev.vigil.towerserver.gatekeeper.UserLedger} and
 * {@link dev.vigil.towerserver.gatekeeper.SettlementLedger}, its ports to the store. Depends on
 * tower-protocol, the JDK, the tower thread and the responder's tracker and settlement port (which it
 * implements); knows nothing of HTTP or MapDB.
 */
package dev.vigil.towerserver.gatekeeper;
