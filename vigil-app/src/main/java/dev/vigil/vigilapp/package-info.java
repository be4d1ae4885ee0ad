/**
 * The {@code vigil} command line (picocli) and its runnable jar: {@code vigil run} starts a
 * {@link dev.vigil.towerserver.app.Tower} against bitcoind, {@code vigil devnet} starts one on an
 * embedded regtest chain, {@code vigil keys} prints the tower id and {@code vigil config-template}
 * prints the documented {@code vigil.conf}. It only parses flags, loads the configuration and calls the
 * tower's public entry points; it is the one module that puts the tower and the devnet together, so
 * {@code tower-server} stays a library a provider can embed without the test chain. {@code vigil devnet --demo}
 * runs the {@code demo} package against the tower it started (docs/demo.md).
 */
package dev.vigil.vigilapp;
