package dev.vigil.towerserver.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.OpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume over one file that changes on disk only at {@link #sync()}, all at once, through
 * a redo journal: the store's only source of atomicity and durability (docs/storage.md). MapDB
 * 3.1.0's own {@code transactionEnable()} is not crash-safe: {@code StoreWAL.commit()} fsyncs its
 * WAL, then copies the transaction into the main file with one write per index value and record,
 * and nothing in 3.1.0 ever replays that WAL ({@code StoreWAL} never calls
 * {@code WriteAheadLog.replayWAL}), so a {@code kill -9} during the copy left half a commit in the
 * file ({@code ArrayIndexOutOfBoundsException} in {@code BTreeMapJava$NodeSerializer}, appointments
 * missing from lookups, within a few kills of our crash test at full write rate).
 *
 * <p>Here every write lands in an in-memory page ({@value #PAGE} bytes) and reads see those pages
 * first. At {@link #sync()} ({@code StoreDirect.commit()}, and nowhere else) the dirty pages and the
 * new length go to {@code <file>.journal} as one record, which is made durable; then the pages are
 * written to the file. Opening redoes complete journal records (the crash came after they were
 * durable: redo is idempotent) and drops an incomplete one (the crash came before it was durable:
 * the file was not touched for it yet). So the file always holds exactly the state of one
 * completed commit; a kill anywhere else loses only what was not acknowledged. Uncommitted pages
 * are dropped at {@link #close()}: closing never commits.
 *
 * <p><b>Failures.</b> A commit happened if and only if its record is durable. A failure before that
 * (the append or its flush) cuts the record off the journal again and makes the cut durable, so
 * no open can redo it, and {@link #sync()} throws {@link DBException.VolumeIOError}: nothing of the
 * commit exists, and the caller discards its pages by reopening. If even the cut fails, the outcome
 * is unknown until the next open: {@code sync()} throws {@link CommitOutcomeUnknownException} and
 * refuses every later sync, and the journal is kept at close. A failure after the record is durable
 * (writing the file, or a checkpoint's flush) does not undo the commit: {@code sync()} returns
 * normally, the pages stay dirty so the next record carries them again, and a close keeps the
 * journal for the next open to redo.
 *
 * <p><b>The journal is a log</b>: it stays open, each sync appends one record, and the file itself
 * is made durable only at a checkpoint ({@link #CHECKPOINT_BYTES} of records), after which records
 * start at the beginning again. So a commit costs one flush, its record's. Between checkpoints the
 * file's writes sit in the OS page cache, which a killed process does not lose; after a power cut
 * the records since the checkpoint redo them (the journal's directory entry is made durable when
 * the journal is created, the first sync after each open). Opening redoes every complete record in
 * order, which is also correct when the file already holds them: each record restores whole pages
 * and lengths, so replaying a run of completed records leaves the state the last of them left. A
 * record is complete when its CRC-32C matches and its trailer repeats its header's sequence number,
 * and the run ends at the first record that is incomplete or whose sequence number does not follow
 * on (a torn append, or a record from before the last checkpoint). Recovery reads one record at a
 * time and one page at a time. Durability is {@code FileChannel.force(false)} ({@code fdatasync(2)}
 * on Linux, which still flushes a changed file size). A clean {@link #close()} checkpoints and
 * deletes the journal.
 *
 * <p>Journal record format ({@link #MAGIC}, big-endian; records follow each other; pinned by
 * {@code golden/journal/journal-record-v2.hex}): magic, page size (int), sequence number, new
 * length, length to cut the file to first (a truncation), page count (int); then per page its
 * index and {@code pageSize} bytes; then the sequence number again and the CRC-32C of all that
 * precedes it.
 *
 * <p>Memory: the pages one commit touches (a few MB for a batch of 1,024 appointments), plus a
 * cache of {@value #CACHED_PAGES} clean pages.
 * Owner thread only in this store; the methods are synchronized anyway, as MapDB's own volumes are.
 */
final class JournaledFileVolume extends Volume {
    /**
     * Bytes per page. MapDB writes records of tens to hundreds of bytes and 8-byte index values all
     * over the file; smaller pages journal and rewrite less around each of them.
     */
    static final int PAGE = 1024;
    /** Clean pages kept in memory: 16 MiB. */
    static final int CACHED_PAGES = 16 * 1_024;
    static final String JOURNAL_SUFFIX = ".journal";
    /**
     * Journal bytes after which a sync also makes the file durable and starts the journal over. Until
     * then a commit costs one flush (its journal record) instead of two; the file's own writes are
     * in the OS page cache, which a killed process does not lose, and the journal redoes them after
     * a power cut. Bounds the journal's size and the redo work at open.
     */
    static final long CHECKPOINT_BYTES = 32L << 20;
    /** Format 2: "VigilJR2". */
    private static final long MAGIC = 0x5669_6769_6c4a_5232L;
    /** magic, page size, sequence, new length, length to cut the file to first, page count. */
    private static final int HEADER = 8 + 4 + 8 + 8 + 8 + 4;
    /** sequence, CRC-32C. */
    private static final int TRAILER = 8 + 8;
    /** The largest page size a record may name: bounds what recovery allocates for one page. */
    private static final int MAX_PAGE = 1 << 20;

    /** How the volume opens files: the JDK's, or a test's channel that fails on command. */
    @FunctionalInterface
    interface Channels {
        /**
         * The JDK's channels. A file they create (the store, its journal, the store being created) is readable
         * and writable by its owner only (0600) whatever the umask, where the file system has POSIX
         * permissions: the store holds the tower's key.
         */
        Channels DISK = Channels::ownerOnly;

        FileChannel open(Path path, OpenOption... options) throws IOException;

        private static FileChannel ownerOnly(Path path, OpenOption... options) throws IOException {
            Set<OpenOption> set = new HashSet<>(Arrays.asList(options));
            if ((set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW))
                    && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return FileChannel.open(path, set, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return FileChannel.open(path, set);
        }
    }

    /**
     * How a volume is opened: a tower's are {@link #DEFAULT}; tests choose when checkpoints happen
     * ({@code checkpointBytes} 1: at every sync), the clean-page cache's size (small: evictions all
     * the time), and channels that fail on command.
     */
    record Settings(Channels io, long checkpointBytes, int cachedPages) {
        static final Settings DEFAULT = new Settings(Channels.DISK, CHECKPOINT_BYTES, CACHED_PAGES);

        Settings {
            Objects.requireNonNull(io, "io");
            if (checkpointBytes < 1 || cachedPages < 1) {
                throw new IllegalArgumentException("checkpointBytes and cachedPages must be positive");
            }
        }
    }

    private final File file;
    private final Path journal;
    private final Channels io;
    private final FileChannel channel;
    private final FileLock lock;
    /** Page index → page content, for every page changed since the last sync. */
    private final Map<Long, byte[]> dirty = new HashMap<>();
    /**
     * Clean pages (exactly the file's content), least recently used first, at most
     * {@code cachedPages} ({@link #CACHED_PAGES} in a tower); a page is never here and in
     * {@link #dirty} at once. Without it every 8-byte index read of MapDB was a positional read
     * system call.
     */
    private final LinkedHashMap<Long, byte[]> clean = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > cachedPages;
        }
    };
    /** The journal, open from the first sync until close. */
    private FileChannel journalChannel;
    private final long checkpointBytes;
    private final int cachedPages;
    /** Where the next journal record goes: the bytes of every record since the last checkpoint. */
    private long journalEnd;
    private long sequence;
    /**
     * Whether the file holds everything the journal says: false between writing a record and the
     * file, and after the file's writes failed (the journal is then kept at close, for the next open).
     */
    private boolean journalApplied = true;
    /**
     * Set when a failed commit could not be cut off the journal, or the file kept refusing journaled
     * pages: the outcome is the next open's to decide.
     */
    private CommitOutcomeUnknownException unsettled;
    private final byte[] scratch = new byte[8];
    /** The length MapDB sees. */
    private long length;
    /** Bytes of the file that still hold data (a truncation since the last sync shortens it). */
    private long readableFileLength;

    private JournaledFileVolume(File file, Path journal, Channels io, FileChannel channel, FileLock lock, long checkpointBytes,
            int cachedPages) throws IOException {
        this.io = io;
        this.checkpointBytes = checkpointBytes;
        this.cachedPages = cachedPages;
        this.file = file;
        this.journal = journal;
        this.channel = channel;
        this.lock = lock;
        this.length = channel.size();
        this.readableFileLength = length;
    }

    /** Opens (creating if needed) {@code file}, first finishing or discarding a journal left by a crash. */
    static JournaledFileVolume open(Path file) {
        return open(file, Settings.DEFAULT);
    }

    static JournaledFileVolume open(Path file, Settings settings) {
        Channels io = settings.io();
        try {
            Path journal = journalOf(file);
            FileChannel ch = io.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new StoreLockedException(file, e); // open in this JVM already
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw new StoreLockedException(file, new IOException("another process has the store open"));
            }
            try {
                // Under the lock, through the locked channel: a second opener of a running tower's store
                // must neither redo nor delete the journal that tower is appending to, and closing
                // another channel on the file would drop this process's lock (POSIX record locks).
                recover(ch, journal, io);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return new JournaledFileVolume(file.toFile(), journal, io, ch, lock, settings.checkpointBytes(), settings.cachedPages());
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + JOURNAL_SUFFIX);
    }

    // ------------------------------------------------------------------ journal

    /**
     * Redoes, in order, every complete record of the journal into {@code main} (the store file,
     * opened and locked by the caller), then deletes the journal. The records are read from the
     * start while each is complete and carries the sequence number after its predecessor's; the
     * first that does not (torn, or left from before the last checkpoint) ends the journal. One
     * record at a time, a page at a time: a record is as big as its batch ({@code store.max-batch}
     * allows 100,000 operations), so it is never read whole.
     */
    static void recover(FileChannel main, Path journal, Channels io) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        try (FileChannel j = io.open(journal, StandardOpenOption.READ)) {
            long at = 0;
            Record previous = null;
            Record r;
            boolean redone = false;
            while ((r = Record.at(j, at)) != null && (previous == null || r.sequence == previous.sequence + 1)) {
                r.redo(j, main);
                redone = true;
                previous = r;
                at = r.end;
            }
            if (redone) {
                main.force(true);
            }
        }
        Files.delete(journal);
    }

    /** One complete journal record: what it restores and where it lies in the journal. */
    private record Record(long start, long sequence, int pageSize, long newLength, long cutTo, int pages, long end) {
        /** Chunk in which a record is read to check its CRC. */
        private static final int CHUNK = 64 * 1_024;

        /** The complete record at {@code at} (CRC-32C checked, trailer repeating the sequence number), or null. */
        static Record at(FileChannel j, long at) throws IOException {
            long size = j.size();
            if (size - at < HEADER + TRAILER) {
                return null;
            }
            ByteBuffer h = readFully(j, at, HEADER);
            int pageSize = h.getInt(8);
            int pages = h.getInt(36);
            if (h.getLong(0) != MAGIC || pageSize <= 0 || pageSize > MAX_PAGE || pages < 0) {
                return null;
            }
            long seq = h.getLong(12);
            long end = at + HEADER + (long) pages * (8 + pageSize) + TRAILER;
            if (end > size) {
                return null;
            }
            ByteBuffer t = readFully(j, end - TRAILER, TRAILER);
            if (t.getLong(0) != seq) {
                return null;
            }
            CRC32C crc = new CRC32C();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            for (long pos = at; pos < end - 8; ) {
                chunk.clear().limit((int) Math.min(CHUNK, end - 8 - pos));
                readFully(j, pos, chunk);
                chunk.flip();
                pos += chunk.remaining();
                crc.update(chunk);
            }
            if (crc.getValue() != t.getLong(8)) {
                return null;
            }
            return new Record(at, seq, pageSize, h.getLong(20), h.getLong(28), pages, end);
        }

        /** Writes the record's state into {@code main}: cut, pages, length. */
        void redo(FileChannel j, FileChannel main) throws IOException {
            cut(main, cutTo);
            ByteBuffer page = ByteBuffer.allocate(8 + pageSize);
            long pos = start + HEADER;
            for (int i = 0; i < pages; i++) {
                page.clear();
                readFully(j, pos, page);
                writePage(main, page.getLong(0), pageSize, page.array(), 8, newLength);
                pos += 8 + pageSize;
            }
            setLength(main, newLength);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(ch, at, b);
        return b;
    }

    /** Fills {@code b} from {@code at}; the caller checked that the channel holds that much. */
    private static void readFully(FileChannel ch, long at, ByteBuffer b) throws IOException {
        int first = b.position();
        while (b.hasRemaining()) {
            if (ch.read(b, at + (b.position() - first)) < 0) {
                throw new IOException("journal shorter than its size");
            }
        }
    }

    /** Writes the part of {@code page} that lies below {@code fileLength}. */
    private static void writePage(FileChannel ch, long page, int pageSize, byte[] src, int srcPos, long fileLength) throws IOException {
        long start = page * pageSize;
        int n = (int) Math.min(pageSize, fileLength - start);
        if (n <= 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(src, srcPos, n);
        while (b.hasRemaining()) {
            ch.write(b, start + (b.position() - srcPos));
        }
    }

    private static void cut(FileChannel ch, long cutTo) throws IOException {
        if (ch.size() > cutTo) {
            ch.truncate(cutTo);
        }
    }

    private static void setLength(FileChannel ch, long newLength) throws IOException {
        long size = ch.size();
        if (size > newLength) {
            ch.truncate(newLength);
        } else if (size < newLength) {
            ByteBuffer one = ByteBuffer.wrap(new byte[1]);
            while (one.hasRemaining()) {
                ch.write(one, newLength - 1);
            }
        }
    }

    /**
     * Commits: the dirty pages and the new length become one journal record, made durable, and then
     * reach the file. What a failure means depends on which side of the record's durability it falls
     * ({@link JournaledFileVolume class comment}, "Failures"):
     * <ul>
     *   <li>before: the record is cut off the journal again (and that cut made durable), so no open
     *       can redo it, and this throws {@link DBException.VolumeIOError}: the commit did not happen.
     *       If even the cut fails, this throws {@link CommitOutcomeUnknownException} and refuses every
     *       later sync: only the next open can tell whether the record is complete;</li>
     *   <li>after: the commit happened and this returns normally. The pages stay dirty, so the next
     *       sync journals and writes them again, and a close keeps the journal for the next open. Not
     *       for ever: each such sync journals every page still dirty, so after
     *       {@value #MAX_APPLY_FAILURES} in a row this throws {@link CommitOutcomeUnknownException}
     *       and refuses every later sync; the commit is in the journal and the next open redoes it.</li>
     * </ul>
     */
    /**
     * Consecutive commits whose pages the file refused after they were journaled: past this, the
     * store stops instead of re-journaling an ever larger dirty set.
     */
    static final int MAX_APPLY_FAILURES = 3;
    /** Under the volume's lock. */
    private int applyFailures;

    @Override
    public synchronized void sync() {
        if (unsettled != null) {
            throw new CommitOutcomeUnknownException("an earlier commit's outcome is unknown until the store is reopened", unsettled);
        }
        if (dirty.isEmpty() && length == readableFileLength && length == fileSize()) {
            return;
        }
        long recordStart = journalEnd;
        long sequenceBefore = sequence;
        boolean appliedBefore = journalApplied;
        List<Long> pages;
        try {
            pages = writeJournal();
        } catch (IOException | RuntimeException e) {
            throw rollBack(recordStart, sequenceBefore, appliedBefore, e);
        }
        // Committed: a crash or a failure from here on is repaired by redoing the journal.
        try {
            apply(pages);
            applyFailures = 0;
        } catch (IOException | RuntimeException e) {
            journalApplied = false; // the pages stay dirty: the next sync or the next open writes them
            if (++applyFailures >= MAX_APPLY_FAILURES) {
                unsettled = new CommitOutcomeUnknownException("the store file refused the journaled pages " + applyFailures
                        + " times in a row; this commit is in the journal and the next open redoes it", e);
                throw unsettled;
            }
        }
    }

    /** The second half of {@link #sync()}: the journaled pages into the file, and a checkpoint when due. */
    private void apply(List<Long> pages) throws IOException {
        cut(channel, readableFileLength);
        for (long p : pages) {
            writePage(channel, p, PAGE, dirty.get(p), 0, length);
        }
        setLength(channel, length);
        if (journalEnd >= checkpointBytes) {
            checkpoint();
        }
        journalApplied = true;
        for (long p : pages) {
            clean.put(p, dirty.get(p)); // what the file holds now
        }
        dirty.clear();
        readableFileLength = length;
    }

    /**
     * Undoes a journal append that failed before its record was known durable: cuts the journal back
     * to where the record started and makes that durable. Returns the exception to throw.
     */
    private RuntimeException rollBack(long recordStart, long sequenceBefore, boolean appliedBefore, Throwable cause) {
        sequence = sequenceBefore;
        journalApplied = appliedBefore;
        journalEnd = recordStart;
        try {
            if (journalChannel != null) {
                journalChannel.truncate(recordStart);
                journalChannel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            unsettled = new CommitOutcomeUnknownException("a commit failed and its journal record could not be cut off: "
                    + "whether it happened is decided when the store is next opened", cause);
            return unsettled;
        }
        return new DBException.VolumeIOError("commit not made (journal cut back): " + cause, cause);
    }

    /** The first half of {@link #sync()}: the dirty pages and length, durably in the journal. Returns the pages. */
    synchronized List<Long> writeJournal() throws IOException {
        List<Long> pages = new ArrayList<>(dirty.keySet());
        pages.removeIf(p -> p * PAGE >= length);
        pages.sort(null); // the file is then written front to back
        long seq = ++sequence;
        journalApplied = false;
        ByteBuffer j = ByteBuffer.allocate(HEADER + pages.size() * (8 + PAGE) + TRAILER);
        j.putLong(MAGIC).putInt(PAGE).putLong(seq).putLong(length).putLong(readableFileLength).putInt(pages.size());
        for (long p : pages) {
            j.putLong(p).put(dirty.get(p));
        }
        j.putLong(seq);
        CRC32C crc = new CRC32C();
        crc.update(j.array(), 0, j.position());
        j.putLong(crc.getValue());
        j.flip();
        if (journalChannel == null) {
            journalChannel = createJournal();
        }
        long at = journalEnd;
        while (j.hasRemaining()) {
            at += journalChannel.write(j, at);
        }
        journalChannel.force(false);
        journalEnd = at;
        return pages;
    }

    /**
     * Creates the journal (the first sync after an open; opening deleted any earlier one) and makes
     * its directory entry durable, so a power cut cannot lose the file whose records it relies on.
     */
    private FileChannel createJournal() throws IOException {
        FileChannel created = io.open(journal, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            fsyncDirectory(io, journal.toAbsolutePath().getParent());
            return created;
        } catch (IOException | RuntimeException e) {
            created.close();
            throw e;
        }
    }

    /**
     * Makes a directory's entries (a created or renamed file) durable: a power-cut concern, not a
     * {@code kill -9} one. A platform that cannot open a directory (Windows) is skipped: renames and
     * creations are still atomic there. A directory that opens but cannot be synced is an error.
     */
    static void fsyncDirectory(Channels io, Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = io.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }

    /**
     * Makes the file durable, after which the journal's records are no longer needed: the next
     * record starts at the journal's beginning again. Records of earlier checkpoints left behind it
     * end the journal at recovery (their sequence numbers do not follow on).
     */
    private void checkpoint() throws IOException {
        channel.force(false);
        journalEnd = 0;
    }

    private long fileSize() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    // ------------------------------------------------------------------ pages

    private void read(long offset, byte[] dst, int dstPos, int len) {
        while (len > 0) {
            long page = offset / PAGE;
            int inPage = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - inPage);
            byte[] p = dirty.get(page);
            System.arraycopy(p != null ? p : cleanPage(page), inPage, dst, dstPos, n);
            offset += n;
            dstPos += n;
            len -= n;
        }
    }

    /** The file's content of {@code page}, from the cache or read (and cached). */
    private byte[] cleanPage(long page) {
        byte[] c = clean.get(page);
        if (c == null) {
            c = new byte[PAGE];
            readFile(page * PAGE, c, 0, PAGE);
            clean.put(page, c);
        }
        return c;
    }

    /** Reads from the file; bytes at or past {@link #readableFileLength} read as zero. */
    private void readFile(long offset, byte[] dst, int dstPos, int len) {
        int fromFile = (int) Math.max(0, Math.min(len, readableFileLength - offset));
        try {
            ByteBuffer b = ByteBuffer.wrap(dst, dstPos, fromFile);
            while (b.hasRemaining()) {
                int r = channel.read(b, offset + (b.position() - dstPos));
                if (r < 0) {
                    break;
                }
            }
            Arrays.fill(dst, b.position(), dstPos + len, (byte) 0);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    private void write(long offset, byte[] src, int srcPos, int len) {
        length = Math.max(length, offset + len);
        while (len > 0) {
            long page = offset / PAGE;
            int inPage = (int) (offset % PAGE);
            int n = Math.min(len, PAGE - inPage);
            System.arraycopy(src, srcPos, pageForWrite(page), inPage, n);
            offset += n;
            srcPos += n;
            len -= n;
        }
    }

    private byte[] pageForWrite(long page) {
        byte[] p = dirty.get(page);
        if (p == null) {
            p = clean.remove(page);
            if (p == null) {
                p = new byte[PAGE];
                readFile(page * PAGE, p, 0, PAGE);
            }
            dirty.put(page, p);
        }
        return p;
    }

    /**
     * Writes what MapDB sees, bytes {@code [0, length)}, into {@code out} (an empty file, written from its
     * start): the file's content, with the pages a failed file write left dirty laid over it. Called between
     * commits (nothing uncommitted in the volume), that is exactly the last commit, as a crash would leave it
     * for the next open: a backup. Leaves the page cache as it was. Returns the bytes written.
     */
    synchronized long copyTo(FileChannel out) throws IOException {
        if (unsettled != null) {
            throw new IOException("the last commit's outcome is unknown until the store is reopened; no copy is taken", unsettled);
        }
        long fromFile = Math.min(readableFileLength, length);
        for (long at = 0; at < fromFile; ) {
            at += channel.transferTo(at, fromFile - at, out);
        }
        if (length > fromFile) {
            writeFully(out, ByteBuffer.allocate(1), length - 1); // the rest reads as zero, as here
        }
        for (Map.Entry<Long, byte[]> e : dirty.entrySet()) {
            long at = e.getKey() * PAGE;
            if (at < length) {
                writeFully(out, ByteBuffer.wrap(e.getValue(), 0, (int) Math.min(PAGE, length - at)), at);
            }
        }
        return length;
    }

    private static void writeFully(FileChannel out, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += out.write(b, at);
        }
    }

    // ------------------------------------------------------------------ Volume

    @Override
    public synchronized void ensureAvailable(long offset) {
        length = Math.max(length, offset);
    }

    @Override
    public synchronized void truncate(long size) {
        length = size;
        readableFileLength = Math.min(readableFileLength, size);
        dirty.keySet().removeIf(p -> p * PAGE >= size);
        clean.keySet().removeIf(p -> (p + 1) * PAGE > size); // the file past size reads as zero from now on
        byte[] last = dirty.get(size / PAGE);
        if (last != null) {
            Arrays.fill(last, (int) (size % PAGE), PAGE, (byte) 0);
        }
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        ByteBuffer.wrap(scratch).putLong(0, value);
        write(offset, scratch, 0, 8);
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        ByteBuffer.wrap(scratch).putInt(0, value);
        write(offset, scratch, 0, 4);
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        scratch[0] = value;
        write(offset, scratch, 0, 1);
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        write(offset, copy, 0, copy.length);
    }

    @Override
    public synchronized long getLong(long offset) {
        read(offset, scratch, 0, 8);
        return ByteBuffer.wrap(scratch).getLong(0);
    }

    @Override
    public synchronized int getInt(long offset) {
        read(offset, scratch, 0, 4);
        return ByteBuffer.wrap(scratch).getInt(0);
    }

    @Override
    public synchronized byte getByte(long offset) {
        read(offset, scratch, 0, 1);
        return scratch[0];
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        byte[] b = new byte[size];
        read(offset, b, 0, size);
        return new DataInput2.ByteArray(b);
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[(int) Math.min(PAGE, endOffset - startOffset)];
        for (long o = startOffset; o < endOffset; o += zeros.length) {
            write(o, zeros, 0, (int) Math.min(zeros.length, endOffset - o));
        }
    }

    /**
     * Drops uncommitted pages (MapDB closes without committing them) and releases the file. The
     * journal is deleted only when the file holds every record of it and has been made durable;
     * otherwise (the file's writes failed, or a commit's outcome is unsettled) the next open redoes it.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dirty.clear();
        clean.clear();
        try {
            if (journalChannel != null) {
                boolean settled = journalApplied && unsettled == null;
                try {
                    if (settled) {
                        checkpoint();
                    }
                } finally {
                    journalChannel.close();
                }
                if (settled) {
                    Files.deleteIfExists(journal);
                }
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        } finally {
            release();
        }
    }

    private void release() {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    @Override
    public int sliceSize() {
        return 0;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public synchronized long length() {
        return length;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return file;
    }

    @Override
    public boolean getFileLocked() {
        return true;
    }
}
