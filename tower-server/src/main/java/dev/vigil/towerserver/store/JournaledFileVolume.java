package dev.vigil.towerserver.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume over one file that changes on disk only at {@link #sync()}, all at once, through
 * a redo journal. It exists because MapDB 3.1.0's {@code transactionEnable()} is not crash-safe on
 * its own:
 *
 * <p>{@code StoreWAL.commit()} fsyncs its WAL, then copies the transaction into the main file with
 * one write per index value and record, then syncs and deletes the WAL. Nothing in 3.1.0 ever
 * replays that WAL ({@code StoreWAL} never calls {@code WriteAheadLog.replayWAL}, checked in the
 * 3.1.0 jar), and index values are not even in it. A {@code kill -9} during the copy leaves a
 * half-written commit in the main file; our crash test hit that within a few kills at full write
 * rate ({@code ArrayIndexOutOfBoundsException} in {@code BTreeMapJava$NodeSerializer}, appointments
 * missing from lookups), which the one-put-per-commit measurements of dependencies.md §0.4 did not.
 *
 * <p>Here every write lands in an in-memory page ({@value #PAGE} bytes) and reads see those pages
 * first. At {@link #sync()} (the end of {@code StoreWAL.commit()}, and nowhere else) the dirty pages
 * and the new length go to {@code <file>.journal}, which is made durable; then the pages are written
 * to the file. Opening redoes complete journal records (the crash came after they were durable:
 * redo is idempotent) and drops an incomplete one (the crash came before it was durable: the file
 * was not touched for it yet). So the file always holds exactly the state
 * of one completed commit; a kill anywhere else loses only what was not acknowledged. Uncommitted
 * pages are dropped at {@link #close()}.
 *
 * <p>The journal is a log: the file stays open, each sync appends one record, and the file itself
 * is made durable only at a checkpoint ({@link #CHECKPOINT_BYTES} of records), after which records
 * start at the beginning again. So a commit costs one flush, its record's, instead of the two (plus
 * a journal file created, truncated and deleted) of the first version, whose sync took ~3.3 ms with
 * 2.1 ms in the journal ({@code bench/run-intake}). Between checkpoints the file's writes sit in the
 * OS page cache, which a killed process does not lose; after a power cut the records since the
 * checkpoint redo them. Opening redoes every complete record in order, which is also correct when
 * the file already holds them: each record restores whole pages and lengths, so replaying a run of
 * completed records leaves the state the last of them left. A record is complete when its CRC-32C
 * matches and its trailer repeats its header's sequence number, and the run ends at the first
 * record that is incomplete or whose sequence number does not follow on (a torn append, or a record
 * from before the last checkpoint). Durability is {@code FileChannel.force(false)}
 * ({@code fdatasync(2)} on Linux, which still flushes a changed file size). A clean {@link #close()}
 * checkpoints and deletes the journal.
 *
 * <p>Journal record format ({@link #MAGIC}, big-endian; records follow each other): magic, page size (int), sequence number, new
 * length, length to cut the file to first (a truncation), page count (int); then per page its index
 * and {@code pageSize} bytes; then the sequence number again and the CRC-32C of all that precedes
 * it. Format 1 (4 KiB pages, exact file size, no sequence number; written by earlier builds) is
 * still redone at open, so an upgrade after a crash loses nothing.
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
    /** Format 1: "VigilJRN", 4 KiB pages. */
    private static final long MAGIC_V1 = 0x5669_6769_6c4a_524eL;
    private static final int PAGE_V1 = 4096;
    private static final int HEADER_V1 = 8 + 8 + 8 + 4;

    private final File file;
    private final Path journal;
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
    /** Whether the file holds everything the journal says (false between writing the journal and the file). */
    private boolean journalApplied = true;
    private final byte[] scratch = new byte[8];
    /** The length MapDB sees. */
    private long length;
    /** Bytes of the file that still hold data (a truncation since the last sync shortens it). */
    private long readableFileLength;

    private JournaledFileVolume(File file, Path journal, FileChannel channel, FileLock lock, long checkpointBytes,
            int cachedPages) throws IOException {
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
        return open(file, CHECKPOINT_BYTES, CACHED_PAGES);
    }

    /**
     * Tests choose when checkpoints happen ({@code checkpointBytes} 1: at every sync) and the
     * clean-page cache's size (small: evictions all the time).
     */
    static JournaledFileVolume open(Path file, long checkpointBytes, int cachedPages) {
        try {
            Path journal = journalOf(file);
            recover(file, journal);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new DBException.FileLocked(file, e); // open in this JVM already
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw new DBException.FileLocked(file, new IOException("another process has the store open"));
            }
            return new JournaledFileVolume(file.toFile(), journal, ch, lock, checkpointBytes, cachedPages);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + JOURNAL_SUFFIX);
    }

    // ------------------------------------------------------------------ journal

    /**
     * Redoes, in order, every complete record of the journal into {@code file}, then deletes the
     * journal. The records are read from the start while each is complete and carries the sequence
     * number after its predecessor's; the first that does not (torn, or left from before the last
     * checkpoint) ends the journal.
     */
    static void recover(Path file, Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        ByteBuffer j = ByteBuffer.wrap(Files.readAllBytes(journal));
        List<Redo> redo = new ArrayList<>();
        if (j.capacity() >= 8 && j.getLong(0) == MAGIC_V1) {
            Redo r = completeV1(j);
            if (r != null) {
                redo.add(r);
            }
        } else {
            int at = 0;
            Redo r;
            while ((r = complete(j, at)) != null && (redo.isEmpty() || r.sequence == redo.get(redo.size() - 1).sequence + 1)) {
                redo.add(r);
                at = r.end;
            }
        }
        if (!redo.isEmpty()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                for (Redo r : redo) {
                    cut(ch, r.cutTo);
                    int pos = r.firstPage;
                    for (int i = 0; i < r.pages; i++) {
                        long page = j.getLong(pos);
                        writePage(ch, page, r.pageSize, j.array(), pos + 8, r.newLength);
                        pos += 8 + r.pageSize;
                    }
                    setLength(ch, r.newLength);
                }
                ch.force(true);
            }
        }
        Files.delete(journal);
    }

    /** One complete journal record: what it restores, where its pages start and where it ends. */
    private record Redo(long sequence, int pageSize, long newLength, long cutTo, int pages, int firstPage, int end) {}

    /** The complete record at {@code at}, or null. */
    private static Redo complete(ByteBuffer j, int at) {
        if (j.capacity() - at < HEADER + TRAILER || j.getLong(at) != MAGIC) {
            return null;
        }
        int pageSize = j.getInt(at + 8);
        long seq = j.getLong(at + 12);
        int pages = j.getInt(at + 36);
        if (pageSize <= 0 || pages < 0) {
            return null;
        }
        long end = at + HEADER + (long) pages * (8 + pageSize) + TRAILER;
        if (end > j.capacity() || j.getLong((int) end - TRAILER) != seq) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(j.array(), at, (int) end - 8 - at);
        if (crc.getValue() != j.getLong((int) end - 8)) {
            return null;
        }
        return new Redo(seq, pageSize, j.getLong(at + 20), j.getLong(at + 28), pages, at + HEADER, (int) end);
    }

    private static Redo completeV1(ByteBuffer j) {
        if (j.capacity() < HEADER_V1 + 8) {
            return null;
        }
        int pages = j.getInt(24);
        long expected = (long) HEADER_V1 + (long) pages * (8 + PAGE_V1) + 8;
        if (pages < 0 || j.capacity() != expected) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(j.array(), 0, (int) expected - 8);
        if (crc.getValue() != j.getLong((int) expected - 8)) {
            return null;
        }
        return new Redo(0, PAGE_V1, j.getLong(8), j.getLong(16), pages, HEADER_V1, (int) expected);
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
            ch.write(ByteBuffer.wrap(new byte[1]), newLength - 1);
        }
    }

    @Override
    public synchronized void sync() {
        if (dirty.isEmpty() && length == readableFileLength && length == fileSize()) {
            return;
        }
        try {
            List<Long> pages = writeJournal();
            // From here on a crash is repaired by redoing the journal at the next open.
            cut(channel, readableFileLength);
            for (long p : pages) {
                writePage(channel, p, PAGE, dirty.get(p), 0, length);
            }
            setLength(channel, length);
            journalApplied = true;
            if (journalEnd >= checkpointBytes) {
                checkpoint();
            }
            for (long p : pages) {
                clean.put(p, dirty.get(p)); // what the file holds now
            }
            dirty.clear();
            readableFileLength = length;
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
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
            journalChannel = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
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

    /** Drops uncommitted pages (MapDB closes without committing them) and releases the file. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dirty.clear();
        clean.clear();
        try {
            if (journalChannel != null) {
                if (journalApplied) {
                    checkpoint();
                }
                journalChannel.close();
                if (journalApplied) {
                    // Every completed sync is in the file already; an open transaction is dropped anyway.
                    Files.deleteIfExists(journal);
                } // else a sync failed half-way: the next open redoes its journal and repairs the file
            }
            lock.release();
            channel.close();
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
