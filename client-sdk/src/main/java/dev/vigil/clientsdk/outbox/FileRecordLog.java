package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A {@link RecordLog} in two files of a directory the wallet owns: {@value #SNAPSHOT_FILE_NAME}
 * (the base snapshot, absent until the first {@link #rewrite}) and {@value #LOG_FILE_NAME} (the
 * records appended after it). Not for two processes or two instances at once: one per directory.
 *
 * <p><b>Files.</b> Integers are big-endian; every checksum is a CRC-32 ({@link CRC32}: CRC-32C would
 * be the better code, but {@code java.util.zip.CRC32C} is not in Android API 26).
 * <pre>
 * log:      "VIGILLOG" version:u32 generation:u64 crc:u32                  (header, 24 bytes)
 *           then frames, one per append call:
 *           bodyLength:u32 count:u32 bodyCrc:u32 headerCrc:u32 body        (headerCrc covers the 12 bytes before it)
 *           body = count times (length:u32 payload)
 * snapshot: "VIGILSNP" version:u32 generation:u64 length:u32 payload crc:u32 (crc covers every byte before it)
 * </pre>
 *
 * <p><b>Appends.</b> One call writes one frame at the end of the log and forces it
 * ({@code fdatasync}, {@link FileChannel#force(boolean) force(false)}): one fsync, and a batch is
 * atomic because its frame is checked as a whole. A crash during an append can leave only a prefix of
 * that one frame (or, after a power loss, its extent with garbage or zeros in it): {@link #load}
 * drops such a tail and truncates it away. It tells a torn tail from damage thus: a frame whose
 * header checks but whose body runs past the end of the file, or fails its checksum and ends exactly
 * at the end of the file, is the unacknowledged last append; a frame header that fails its checksum
 * is one too unless a valid frame starts somewhere after it. Anything else (a bad frame with bytes
 * after it, a checked header claiming more than any append writes, a damaged snapshot or log header)
 * is an {@link IOException} naming the file and the offset: an acknowledged record is never dropped
 * silently. (A damaged last frame is indistinguishable from a torn one and is dropped.)
 *
 * <p><b>Generations.</b> The snapshot and the log both carry a generation; records in the log of
 * generation {@code g} follow the snapshot of generation {@code g} (0: no snapshot). A rewrite
 * writes the snapshot of {@code g+1} to {@value #SNAPSHOT_FILE_NAME}{@value #TEMP_SUFFIX}, forces it,
 * renames it over the snapshot, forces the directory, then writes an empty log of {@code g+1} to
 * {@value #LOG_FILE_NAME}{@value #TEMP_SUFFIX}, forces it, renames it over the log and forces the
 * directory. A crash before the first rename leaves the old state (the temporary file is deleted on
 * the next load); after it, the old log has generation {@code g} under a snapshot of {@code g+1}:
 * its records are all in the new snapshot, so {@link #load} discards it and finishes the rewrite,
 * and old records are never replayed on top of the new snapshot. Any other pair of generations, or a
 * snapshot without a log, is an {@link IOException}. The log is only ever created under its
 * temporary name and renamed into place once forced, so its header is always whole; the first
 * creation forces the directory (and its parent if this instance created the directory).
 */
public final class FileRecordLog implements RecordLog {
    /** The log's file name inside the directory. */
    public static final String LOG_FILE_NAME = "outbox.log";
    /** The snapshot's file name inside the directory. */
    public static final String SNAPSHOT_FILE_NAME = "outbox.log.snapshot";
    /** Appended to a file's name while it is written, before its rename. */
    public static final String TEMP_SUFFIX = ".tmp";

    static final int LOG_HEADER_BYTES = 24;
    static final int FRAME_HEADER_BYTES = 16;
    private static final int SNAPSHOT_HEADER_BYTES = 24;
    private static final int VERSION = 1;
    private static final byte[] LOG_MAGIC = "VIGILLOG".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT_MAGIC = "VIGILSNP".getBytes(StandardCharsets.US_ASCII);

    /** Where a rewrite stands, for tests that stop it there as a crash would. */
    enum Step {
        SNAPSHOT_WRITTEN, SNAPSHOT_RENAMED, LOG_WRITTEN, LOG_RENAMED
    }

    /** Opens every channel this log uses (files and the directory), so a test can count its forces. */
    interface ChannelOpener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    /** Told of each {@link Step} as it is reached; a test throws from it to stop there. */
    interface StepHook {
        void reached(Step step) throws IOException;
    }

    private enum State {
        NEW, OPEN, FAILED, CLOSED
    }

    private final Path directory;
    private final Path logFile;
    private final Path snapshotFile;
    private final boolean createdDirectory;
    private final ChannelOpener opener;
    private final StepHook hook;

    private State state = State.NEW;
    private String failure = "";
    private FileChannel channel;
    private long end;
    private long generation;

    /** A log in {@code directory}, created if missing; nothing is read before {@link #load}. */
    public FileRecordLog(Path directory) throws IOException {
        this(directory, FileChannel::open, step -> {});
    }

    FileRecordLog(Path directory, ChannelOpener opener, StepHook hook) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.createdDirectory = !Files.isDirectory(directory);
        Files.createDirectories(directory);
        this.logFile = directory.resolve(LOG_FILE_NAME);
        this.snapshotFile = directory.resolve(SNAPSHOT_FILE_NAME);
    }

    @Override
    public Loaded load() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("load() is called once, before anything else");
        }
        // Files a crashed rewrite or creation left before their rename: never part of the state.
        Files.deleteIfExists(temp(SNAPSHOT_FILE_NAME));
        Files.deleteIfExists(temp(LOG_FILE_NAME));
        Optional<Snapshot> snapshot = readSnapshot();
        Optional<Bytes> base = snapshot.isPresent() ? Optional.of(snapshot.get().payload) : Optional.<Bytes>empty();
        long snapshotGeneration = snapshot.isPresent() ? snapshot.get().generation : 0;
        if (!Files.exists(logFile)) {
            if (snapshot.isPresent()) {
                throw new IOException(snapshotFile + ": a snapshot of generation " + snapshotGeneration + " without its log "
                        + logFile + " (the records acknowledged after it would be lost)");
            }
            createLog(0);
            if (createdDirectory && directory.toAbsolutePath().getParent() != null) {
                forceDirectory(directory.toAbsolutePath().getParent());
            }
            state = State.OPEN;
            return new Loaded(base, Collections.<Bytes>emptyList());
        }
        FileChannel ch = opener.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        List<Bytes> records = new ArrayList<>();
        try {
            byte[] data = readAll(ch);
            long logGeneration = readLogHeader(data);
            if (logGeneration == snapshotGeneration) {
                int validEnd = readFrames(data, records);
                if (validEnd < data.length) {
                    ch.truncate(validEnd); // the torn append was never acknowledged
                    ch.force(false);
                }
                channel = ch;
                end = validEnd;
                generation = logGeneration;
            } else if (snapshot.isPresent() && logGeneration == snapshotGeneration - 1) {
                // A rewrite renamed its snapshot into place and stopped before replacing the log:
                // the old records are all in the new snapshot. Finish the rewrite.
                ch.close();
                createLog(snapshotGeneration);
            } else {
                throw corrupt(logFile, 12, "log of generation " + logGeneration + " does not belong to "
                        + (snapshot.isPresent() ? "the snapshot of generation " + snapshotGeneration : "no snapshot (generation 0)"));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, e);
            throw e;
        }
        state = State.OPEN;
        return new Loaded(base, records);
    }

    @Override
    public void append(Bytes record) throws IOException {
        append(Collections.singletonList(Objects.requireNonNull(record, "record")));
    }

    @Override
    public void append(List<Bytes> records) throws IOException {
        requireOpen();
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        byte[] frame = frame(records);
        try {
            writeFully(channel, frame, end);
            channel.force(false);
        } catch (IOException e) {
            // Cut the unacknowledged bytes so the next frame starts where the reader expects one; if
            // that fails too, a later frame could land after garbage: refuse until reopened.
            try {
                channel.truncate(end);
            } catch (IOException t) {
                e.addSuppressed(t);
                fail("an append failed and its bytes could not be cut away");
            }
            throw e;
        }
        end += frame.length;
    }

    @Override
    public void rewrite(Bytes snapshot) throws IOException {
        requireOpen();
        Objects.requireNonNull(snapshot, "snapshot");
        long next = generation + 1;
        Path temp = temp(SNAPSHOT_FILE_NAME);
        try (FileChannel ch = opener.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeFully(ch, encodeSnapshot(next, snapshot), 0);
            ch.force(true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException t) {
                e.addSuppressed(t);
            }
            throw e; // nothing renamed: the old state stands and the log goes on
        }
        hook.reached(Step.SNAPSHOT_WRITTEN);
        // From the rename on, appending to the old log would put acknowledged records in a log the next
        // load discards: until the new log is in place, this instance refuses everything.
        fail("a rewrite stopped half way");
        FileChannel old = channel;
        Files.move(temp, snapshotFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        hook.reached(Step.SNAPSHOT_RENAMED);
        forceDirectory(directory);
        createLog(next);
        state = State.OPEN;
        closeQuietly(old, null);
    }

    @Override
    public long appendedBytes() {
        return state == State.OPEN ? end - LOG_HEADER_BYTES : 0;
    }

    @Override
    public void close() throws IOException {
        state = State.CLOSED;
        if (channel != null) {
            channel.close();
        }
    }

    /** Creates an empty log of {@code gen} under its temporary name and renames it into place. */
    private void createLog(long gen) throws IOException {
        Path temp = temp(LOG_FILE_NAME);
        FileChannel ch = opener.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeFully(ch, logHeader(gen), 0);
            ch.force(true);
            hook.reached(Step.LOG_WRITTEN);
            Files.move(temp, logFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            hook.reached(Step.LOG_RENAMED);
            forceDirectory(directory);
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw e;
        }
        channel = ch; // still the same file after the rename
        end = LOG_HEADER_BYTES;
        generation = gen;
    }

    private record Snapshot(long generation, Bytes payload) {}

    private Optional<Snapshot> readSnapshot() throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(snapshotFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (data.length < SNAPSHOT_HEADER_BYTES + 4) {
            throw corrupt(snapshotFile, 0, "shorter (" + data.length + " bytes) than a snapshot's header and checksum");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (!Arrays.equals(Arrays.copyOf(data, 8), SNAPSHOT_MAGIC)) {
            throw corrupt(snapshotFile, 0, "not a snapshot (no VIGILSNP magic)");
        }
        int crcAt = data.length - 4;
        if (b.getInt(crcAt) != crc(data, 0, crcAt)) {
            throw corrupt(snapshotFile, crcAt, "checksum fails");
        }
        if (b.getInt(8) != VERSION) {
            throw corrupt(snapshotFile, 8, "version " + b.getInt(8) + ", this code reads " + VERSION);
        }
        int length = b.getInt(20);
        if (length != crcAt - SNAPSHOT_HEADER_BYTES) {
            throw corrupt(snapshotFile, 20, "payload length " + length + " does not fit the file's " + data.length + " bytes");
        }
        return Optional.of(new Snapshot(b.getLong(12), Bytes.of(data, SNAPSHOT_HEADER_BYTES, length)));
    }

    private static byte[] encodeSnapshot(long gen, Bytes payload) {
        byte[] out = new byte[SNAPSHOT_HEADER_BYTES + payload.length() + 4];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(SNAPSHOT_MAGIC).putInt(VERSION).putLong(gen).putInt(payload.length());
        payload.copyTo(out, SNAPSHOT_HEADER_BYTES);
        b.putInt(out.length - 4, crc(out, 0, out.length - 4));
        return out;
    }

    private static byte[] logHeader(long gen) {
        byte[] out = new byte[LOG_HEADER_BYTES];
        ByteBuffer b = ByteBuffer.wrap(out).put(LOG_MAGIC).putInt(VERSION).putLong(gen);
        b.putInt(crc(out, 0, LOG_HEADER_BYTES - 4));
        return out;
    }

    private long readLogHeader(byte[] data) throws IOException {
        if (data.length < LOG_HEADER_BYTES) {
            throw corrupt(logFile, 0, "shorter (" + data.length + " bytes) than the log's header");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (!Arrays.equals(Arrays.copyOf(data, 8), LOG_MAGIC)) {
            throw corrupt(logFile, 0, "not a record log (no VIGILLOG magic)");
        }
        if (b.getInt(LOG_HEADER_BYTES - 4) != crc(data, 0, LOG_HEADER_BYTES - 4)) {
            throw corrupt(logFile, LOG_HEADER_BYTES - 4, "header checksum fails");
        }
        if (b.getInt(8) != VERSION) {
            throw corrupt(logFile, 8, "version " + b.getInt(8) + ", this code reads " + VERSION);
        }
        return b.getLong(12);
    }

    /** One frame holding {@code records}; refuses oversized ones before any I/O. */
    static byte[] frame(List<Bytes> records) {
        long bodyLength = 0;
        for (Bytes r : records) {
            Objects.requireNonNull(r, "record");
            if (r.length() > MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("a record is at most " + MAX_RECORD_BYTES + " bytes, got " + r.length());
            }
            bodyLength += 4 + r.length();
        }
        if (bodyLength > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("a batch is at most " + MAX_BATCH_BYTES + " bytes, got " + bodyLength);
        }
        byte[] out = new byte[FRAME_HEADER_BYTES + (int) bodyLength];
        // Absolute puts only: ByteBuffer.position(int) returning ByteBuffer is Java 9, not Android API 26.
        ByteBuffer b = ByteBuffer.wrap(out);
        int at = FRAME_HEADER_BYTES;
        for (Bytes r : records) {
            b.putInt(at, r.length());
            r.copyTo(out, at + 4);
            at += 4 + r.length();
        }
        b.putInt(0, (int) bodyLength).putInt(4, records.size()).putInt(8, crc(out, FRAME_HEADER_BYTES, (int) bodyLength));
        b.putInt(12, crc(out, 0, 12));
        return out;
    }

    /** Adds the records of every valid frame to {@code records}; returns where the valid frames end. */
    private int readFrames(byte[] data, List<Bytes> records) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        int pos = LOG_HEADER_BYTES;
        while (pos < data.length) {
            int remaining = data.length - pos;
            if (remaining < FRAME_HEADER_BYTES) {
                return pos; // a torn header: the last append's first bytes
            }
            if (!headerChecks(b, pos)) {
                int next = nextValidFrame(data, pos + 1);
                if (next >= 0) {
                    throw corrupt(logFile, pos, "frame header checksum fails, and a valid frame follows at offset " + next);
                }
                return pos; // the last append, written out of order by a power loss
            }
            int bodyLength = b.getInt(pos);
            int count = b.getInt(pos + 4);
            if (bodyLength < 0 || bodyLength > MAX_BATCH_BYTES || count < 1) {
                throw corrupt(logFile, pos, "frame header claims " + bodyLength + " bytes in " + count
                        + " records, which no append writes");
            }
            if (bodyLength > remaining - FRAME_HEADER_BYTES) {
                return pos; // the header reached the file, not all of the body: the last append, torn
            }
            int frameEnd = pos + FRAME_HEADER_BYTES + bodyLength;
            if (b.getInt(pos + 8) != crc(data, pos + FRAME_HEADER_BYTES, bodyLength)) {
                if (frameEnd == data.length) {
                    return pos; // the last append, torn inside
                }
                throw corrupt(logFile, pos, "frame checksum fails, and " + (data.length - frameEnd) + " bytes follow it");
            }
            readBody(b, pos, count, frameEnd, records);
            pos = frameEnd;
        }
        return pos;
    }

    private void readBody(ByteBuffer b, int frameAt, int count, int frameEnd, List<Bytes> records) throws IOException {
        int at = frameAt + FRAME_HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            int length = at + 4 <= frameEnd ? b.getInt(at) : -1;
            if (length < 0 || length > frameEnd - at - 4) {
                throw corrupt(logFile, at, "record " + i + " of " + count + " does not fit its frame at offset " + frameAt);
            }
            records.add(Bytes.of(b.array(), at + 4, length));
            at += 4 + length;
        }
        if (at != frameEnd) {
            throw corrupt(logFile, at, "bytes after the last record of the frame at offset " + frameAt);
        }
    }

    private static boolean headerChecks(ByteBuffer b, int pos) {
        return b.getInt(pos + 12) == crc(b.array(), pos, 12);
    }

    /** The offset of the first whole frame (both checksums good) at or after {@code from}, or -1. */
    private static int nextValidFrame(byte[] data, int from) {
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int at = from; at + FRAME_HEADER_BYTES <= data.length; at++) {
            if (headerChecks(b, at)) {
                int bodyLength = b.getInt(at);
                if (bodyLength >= 0 && bodyLength <= data.length - at - FRAME_HEADER_BYTES && b.getInt(at + 4) >= 1
                        && b.getInt(at + 8) == crc(data, at + FRAME_HEADER_BYTES, bodyLength)) {
                    return at;
                }
            }
        }
        return -1;
    }

    private void requireOpen() throws IOException {
        switch (state) {
            case NEW -> throw new IllegalStateException("load() first");
            case CLOSED -> throw new IllegalStateException("closed");
            case FAILED -> throw new IOException(logFile + ": " + failure + "; open the log again");
            case OPEN -> { }
        }
    }

    private void fail(String why) {
        state = State.FAILED;
        failure = why;
    }

    private Path temp(String name) {
        return directory.resolve(name + TEMP_SUFFIX);
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("a record log of " + size + " bytes is too large to load");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining()) {
            if (ch.read(buf, buf.position()) < 0) {
                throw new IOException("the log shrank while it was read");
            }
        }
        return buf.array();
    }

    private static void writeFully(FileChannel ch, byte[] bytes, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf, position + buf.position());
        }
    }

    private void forceDirectory(Path dir) throws IOException {
        // A rename or a new file survives power loss only once its directory is forced. Opening a
        // directory for reading works on Linux, macOS and Android; Windows refuses it, and there
        // NTFS journals the rename's metadata anyway.
        try (FileChannel d = opener.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static void closeQuietly(FileChannel ch, Throwable primary) {
        try {
            ch.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } // else: closing a channel whose every write was already forced loses nothing
        }
    }

    private static IOException corrupt(Path file, long offset, String what) {
        return new IOException(file + " at offset " + offset + ": " + what);
    }

    private static int crc(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
