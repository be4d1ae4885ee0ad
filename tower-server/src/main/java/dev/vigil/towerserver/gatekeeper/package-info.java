/**
 * The gatekeeper: who may use the tower, with how many slots, until which block (teos's
 * subscription model). Declares {@link dev.vigil.towerserver.gatekeeper.UserLedger}, the port to the
 * store. Depends on tower-protocol and the JDK; knows nothing of HTTP or MapDB.
 */
package dev.vigil.towerserver.gatekeeper;
