/**
 * Channel monitoring (docs/monitoring.md): the bytes the tower and the wallet must agree on. Watch
 * hints and watch ids, the BOLT 3 commitment shape a close is classified by, the messages a user signs
 * for each monitoring request, the events of a user's log (their records, their compact JSON "C",
 * their ids and the tower's signature over them) and the JSON bodies of the monitoring routes.
 *
 * <p>Pure and shared by the server and the Android SDK: depends on nothing but tower-protocol's own
 * packages (the value types, {@code encoding}, {@code crypto}, {@code signing}, {@code secp256k1},
 * {@code wire}), the JDK and Jackson's tree model. No Vert.x, MapDB or JeroMQ, no {@code java.net.http},
 * no {@code java.util.HexFormat}.
 */
package dev.vigil.towerprotocol.monitor;
