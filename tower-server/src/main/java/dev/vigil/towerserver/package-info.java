/**
 * The tower as a library: the HTTP API, gatekeeper, watcher, responder, carrier and the MapDB store,
 * assembled by {@code app.Tower}, the composition root an embedder (or the {@code vigil} launcher)
 * starts. The only module that may use MapDB; it depends on neither the devnet nor the CLI.
 */
package dev.vigil.towerserver;
