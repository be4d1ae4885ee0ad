/**
 * The composition root and the command line: builds the tower from its configuration in DESIGN §6's
 * order (store, chain, responder, HTTP), wires the ports to their implementations, and stops it
 * cleanly on SIGTERM. The only package that knows every other one.
 */
package dev.vigil.towerserver.app;
