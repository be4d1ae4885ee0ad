/**
 * The tower thread: the single owner of the tower's decisions (DESIGN §6). Every component that keeps
 * unsynchronised state (watcher, responder, settlement) runs on it and checks it. Depends on the JDK only.
 */
package dev.vigil.towerserver.tower;
