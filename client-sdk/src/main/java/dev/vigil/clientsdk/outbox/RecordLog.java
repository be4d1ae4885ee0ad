package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the SDK's state durably as a base snapshot followed by the records appended since, so that
 * a change costs one small append (one fsync) instead of re-writing the whole state. A wallet may
 * replace the default ({@link FileRecordLog}) with its own storage; {@link MemoryRecordLog} keeps
 * nothing across a restart.
 *
 * <p>Contract: not thread-safe, the caller serialises every call (the SDK calls it under its state
 * lock). Every method blocks on I/O. {@link #load} is called exactly once, before any other call.
 * {@link #append(Bytes)} returns only once the record is durable: a crash (kill -9, power loss) at
 * any later point leaves it in what {@link #load} returns, after every record appended before it.
 * An {@link IOException} from {@code append} means the record was not acknowledged: the caller
 * refuses the operation that needed it; after a crash the record may still be found (as after any
 * write that failed half way), so a refused operation must be harmless to replay. {@link #rewrite}
 * is the compaction: it costs several fsyncs and is called rarely, when the caller decides (from
 * its network flush, never from a per-appointment call), for instance once {@link #appendedBytes}
 * grows past a threshold.
 */
public interface RecordLog extends Closeable {
    /** The largest record {@link #append(Bytes)} takes: 4 MiB. */
    int MAX_RECORD_BYTES = 4 << 20;

    /** The most one {@link #append(List)} takes: its records' bytes plus 4 bytes each, 16 MiB. */
    int MAX_BATCH_BYTES = 16 << 20;

    /** What {@link #load} finds: the last snapshot {@link #rewrite} wrote and the records appended after it. */
    record Loaded(Optional<Bytes> snapshot, List<Bytes> records) {
        public Loaded {
            Objects.requireNonNull(snapshot, "snapshot");
            List<Bytes> copy = new ArrayList<>(Objects.requireNonNull(records, "records"));
            copy.forEach(r -> Objects.requireNonNull(r, "record"));
            records = Collections.unmodifiableList(copy);
        }
    }

    /**
     * The snapshot of the last completed {@link #rewrite} (empty if none ever completed) and every
     * record acknowledged since, in append order. Throws if the stored state is damaged in a way
     * that could lose an acknowledged record: it never starts empty instead.
     */
    Loaded load() throws IOException;

    /**
     * Appends {@code record} durably (one fsync). Throws {@link IllegalArgumentException} if it is
     * longer than {@link #MAX_RECORD_BYTES}.
     */
    void append(Bytes record) throws IOException;

    /**
     * Appends {@code records} durably and atomically (one fsync): after a crash, {@link #load} finds
     * all of them or none. An empty list is a no-op. Throws {@link IllegalArgumentException} if a
     * record is longer than {@link #MAX_RECORD_BYTES} or the batch is larger than
     * {@link #MAX_BATCH_BYTES}.
     */
    void append(List<Bytes> records) throws IOException;

    /**
     * Replaces everything with {@code snapshot} and no records. Atomic: after a crash at any point
     * during it, {@link #load} returns either the previous snapshot and records or this snapshot
     * alone, never a mix. An {@link IOException} leaves either state on disk; the instance may then
     * refuse every further call (a new instance, loaded again, goes on).
     */
    void rewrite(Bytes snapshot) throws IOException;

    /**
     * The bytes appended since the last snapshot (the records and the implementation's framing),
     * so the caller can decide when to {@link #rewrite}.
     */
    long appendedBytes();
}
