/**
 * What the SDK must never lose: the appointments not yet accepted by a tower, the receipts that prove
 * a tower accepted one, the subscriptions, backoffs and misbehaviour found, and the wallet's channels:
 * one {@link dev.vigil.clientsdk.outbox.OutboxState}, changed only by
 * {@link dev.vigil.clientsdk.outbox.OutboxChange}s, which {@link dev.vigil.clientsdk.outbox.OutboxCodec}
 * writes as readable lines.
 *
 * <p>{@link dev.vigil.clientsdk.outbox.RecordLog} keeps the state as a base snapshot plus the records
 * appended after it, so that a change is durable after one appended frame and one fsync instead of a
 * re-written snapshot (two): {@link dev.vigil.clientsdk.outbox.FileRecordLog} (a checksummed
 * append-only log tied to its snapshot by a generation number; a torn last append is dropped, any
 * other damage refused) and {@link dev.vigil.clientsdk.outbox.MemoryRecordLog} (in memory, can fail on
 * command). The caller compacts with {@code rewrite} when it chooses, off the per-appointment path.
 */
package dev.vigil.clientsdk.outbox;
