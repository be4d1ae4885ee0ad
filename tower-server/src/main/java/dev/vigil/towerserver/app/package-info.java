/**
 * The composition root: {@link dev.vigil.towerserver.app.Tower} builds the tower from its
 * configuration in DESIGN §6's order (store, chain, responder, HTTP), wires the ports to their
 * implementations, and stops it cleanly on {@code close()}. Also the datadir's files beside the store: the
 * checks on the datadir ({@code Datadir}) and the admin token ({@code AdminToken}); and the admin commands'
 * view of the running parts ({@code TowerAdminQueries}). The only package that knows every other
 * one, and the entry point for whoever embeds the tower (the {@code vigil} command line lives in the
 * {@code vigil-app} module).
 */
package dev.vigil.towerserver.app;
