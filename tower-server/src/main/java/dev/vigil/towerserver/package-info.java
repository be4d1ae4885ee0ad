/**
 * The tower: the Vert.x HTTP API, gatekeeper, watcher, responder, MapDB store, metrics and the
 * CLI entry point. The only module that may use MapDB. (Arrives with issue 5.)
 */
package dev.vigil.towerserver;
