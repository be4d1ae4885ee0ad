/**
 * The public HTTP API, byte-compatible with The Eye of Satoshi: routes, per-route body limits, and
 * {@link dev.vigil.towerserver.api.Outcomes}, the one place where outcomes become statuses and teos
 * error codes. Declares the {@link dev.vigil.towerserver.api.TowerService} port. Depends on Vert.x
 * (web) and tower-protocol's wire types; never on the store.
 */
package dev.vigil.towerserver.api;
