package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RecordLog} in memory: for tests, and for a wallet that keeps nothing across a restart.
 * It checks the same contract as {@link FileRecordLog} (load first, size limits) and can be told to
 * fail, so a caller's handling of a refused append can be tested. A call that fails changes nothing.
 * {@link #restart()} gives what a new process would find.
 */
public final class MemoryRecordLog implements RecordLog {
    private Optional<Bytes> snapshot = Optional.empty();
    private final List<Bytes> records = new ArrayList<>();
    private long appendedBytes;
    private boolean loaded;
    private boolean closed;
    private int failingAppends;
    private int failingRewrites;
    private int syncs;
    private int rewrites;

    @Override
    public Loaded load() {
        if (loaded) {
            throw new IllegalStateException("load() is called once, before anything else");
        }
        loaded = true;
        return new Loaded(snapshot, records);
    }

    @Override
    public void append(Bytes record) throws IOException {
        append(Collections.singletonList(Objects.requireNonNull(record, "record")));
    }

    @Override
    public void append(List<Bytes> batch) throws IOException {
        requireOpen();
        Objects.requireNonNull(batch, "records");
        if (batch.isEmpty()) {
            return;
        }
        long size = FileRecordLog.frame(batch).length; // the same limits, and the same count of bytes
        if (failingAppends > 0) {
            failingAppends--;
            throw new IOException("append failed on command (" + failingAppends + " more to fail)");
        }
        records.addAll(batch);
        appendedBytes += size;
        syncs++;
    }

    @Override
    public void rewrite(Bytes newSnapshot) throws IOException {
        requireOpen();
        Objects.requireNonNull(newSnapshot, "snapshot");
        if (failingRewrites > 0) {
            failingRewrites--;
            throw new IOException("rewrite failed on command (" + failingRewrites + " more to fail)");
        }
        snapshot = Optional.of(newSnapshot);
        records.clear();
        appendedBytes = 0;
        rewrites++;
    }

    @Override
    public long appendedBytes() {
        return appendedBytes;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The next {@code n} appends throw {@link IOException} and append nothing. */
    public void failNextAppends(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0");
        }
        failingAppends = n;
    }

    /** The next {@code n} rewrites throw {@link IOException} and change nothing. */
    public void failNextRewrites(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0");
        }
        failingRewrites = n;
    }

    /** The appends that succeeded (not counting empty batches): what {@link FileRecordLog} would have fsynced. */
    public int syncs() {
        return syncs;
    }

    /** The rewrites that succeeded. */
    public int rewrites() {
        return rewrites;
    }

    /** A new, not yet loaded, log holding what this one holds durably, as a process restarted after a crash finds it. */
    public MemoryRecordLog restart() {
        MemoryRecordLog next = new MemoryRecordLog();
        next.snapshot = snapshot;
        next.records.addAll(records);
        next.appendedBytes = appendedBytes;
        return next;
    }

    private void requireOpen() {
        if (!loaded) {
            throw new IllegalStateException("load() first");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }
}
