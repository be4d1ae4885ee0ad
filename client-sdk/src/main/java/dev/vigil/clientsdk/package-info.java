/**
 * What a wallet embeds to be protected by one or more towers. {@link dev.vigil.clientsdk.TowerClient}
 * registers with every configured tower (a user key per tower, {@link dev.vigil.clientsdk.keys}),
 * turns each revoked commitment's justice transaction into an appointment for every tower, keeps it in
 * a durable outbox ({@link dev.vigil.clientsdk.outbox}) until that tower's signed receipt verifies,
 * and marks a tower whose receipt does not verify as misbehaving, with the proof. The wallet supplies
 * or replaces the ports: {@link dev.vigil.clientsdk.transport.Transport},
 * {@link dev.vigil.clientsdk.outbox.RecordLog}, {@link dev.vigil.clientsdk.RevocationSigners}, {@link dev.vigil.clientsdk.Clock},
 * {@link dev.vigil.clientsdk.SdkLog}. No threads of its own: the wallet calls
 * {@link dev.vigil.clientsdk.TowerClient#flush()} from its background job.
 *
 * <p>Depends on tower-protocol and justice-tx-builder only; must run on Android (no Vert.x, MapDB,
 * java.net.http, java.util.HexFormat or System.Logger; enforced by the build).
 */
package dev.vigil.clientsdk;
