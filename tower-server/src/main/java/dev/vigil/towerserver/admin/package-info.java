/**
 * The operator's listener, apart from the public API: {@code GET /health} and {@code GET /ready} for
 * load balancers and supervisors. Declares the {@link dev.vigil.towerserver.admin.Readiness.Source}
 * port it reads the tower's state through. Depends on Vert.x (web); never on the store or the chain.
 */
package dev.vigil.towerserver.admin;
