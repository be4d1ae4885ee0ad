/**
 * The operator's listener, apart from the public API: {@code GET /health} and {@code GET /ready} for
 * load balancers and supervisors, and the admin commands ({@code POST /admin/<command>}, behind the bearer
 * token of {@code <datadir>/admin.token}; docs/admin.md) that {@code vigil admin} sends. Declares the ports
 * it reads the tower through: {@link dev.vigil.towerserver.admin.Readiness.Source} (published state) and
 * {@link dev.vigil.towerserver.admin.AdminQueries} (stages answered by the tower thread and the store).
 * Depends on Vert.x (web), tower-protocol and the plain records it shows (the gatekeeper's
 * {@code UserRecord}, the watcher's {@code StoredAppointment}, the responder's {@code Tracker}); never on
 * the store or the chain, and never on the classes that own that state.
 */
package dev.vigil.towerserver.admin;
