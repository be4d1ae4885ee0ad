/**
 * The watcher: accepts appointments, matches every connected block against them, decrypts and checks
 * the justice transactions of breaches and hands them to the responder. Declares
 * {@link dev.vigil.towerserver.watcher.AppointmentLedger}, its port to the store. Depends on
 * tower-protocol, breach-detector (events, matching) and the gatekeeper's records; no HTTP, no MapDB.
 */
package dev.vigil.towerserver.watcher;
