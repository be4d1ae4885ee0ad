/**
 * What the SDK must never lose: the appointments not yet accepted by a tower, the receipts that prove
 * a tower accepted one, the subscriptions and the misbehaviour found. The state is one
 * {@link dev.vigil.clientsdk.outbox.OutboxSnapshot}, encoded by
 * {@link dev.vigil.clientsdk.outbox.OutboxSnapshotCodec} and kept by a
 * {@link dev.vigil.clientsdk.outbox.SnapshotStore} (default: {@link dev.vigil.clientsdk.outbox.FileSnapshotStore},
 * write to a temporary file, fsync, atomic rename, fsync the directory).
 */
package dev.vigil.clientsdk.outbox;
