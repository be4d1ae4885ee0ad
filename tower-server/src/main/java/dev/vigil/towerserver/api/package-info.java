/**
 * The public HTTP API, byte-compatible with The Eye of Satoshi: routes, per-route body limits, and
 * {@link dev.vigil.towerserver.api.Outcomes}, the one place where outcomes become statuses and teos
 * error codes; and the channel-monitoring routes of docs/monitoring.md 5
 * ({@link dev.vigil.towerserver.api.MonitorApi}, answered through
 * {@link dev.vigil.towerserver.api.MonitorOutcomes}, the same kind of one place). Declares the
 * {@link dev.vigil.towerserver.api.TowerService} and {@link dev.vigil.towerserver.api.EventService} ports. Depends on Vert.x
 * (web) and tower-protocol's wire types; never on the store.
 */
package dev.vigil.towerserver.api;
