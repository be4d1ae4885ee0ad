/**
 * The tower's identity: its key (created once, kept in the store) and the tower id derived from it.
 * Depends on tower-protocol and the JDK.
 */
package dev.vigil.towerserver.identity;
