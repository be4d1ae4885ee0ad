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
 * <p>Here every write lands in an in-memory page (4 KiB) and reads see those pages first. At
 * {@link #sync()} (the end of {@code StoreWAL.commit()}, and nowhere else) the dirty pages and the
 * new length go to {@code <file>.journal} with a CRC-32C, which is fsynced; then the pages are
 * written to the file, the file is fsynced and the journal deleted. Opening applies a complete
 * journal again (the crash came after the journal was durable: redo is idempotent) and deletes an
 * incomplete one (the crash came before it was durable: the file was not touched yet). So the file
 * always holds exactly the state of one completed commit; a kill anywhere else loses only what was
 * not acknowledged. Uncommitted pages are dropped at {@link #close()}.
 *
 * <p>Memory: the pages one commit touches (a few MB for a batch of 1,024 appointments).
 * Owner thread only in this store; the methods are synchronized anyway, as MapDB's own volumes are.
 */
final class JournaledFileVolume extends Volume {
    static final int PAGE = 4096;
    static final String JOURNAL_SUFFIX = ".journal";
    private static final long MAGIC = 0x5669_6769_6c4a_524eL; // "VigilJRN"
    /** magic, new length, length to cut the file to first (a truncation), page count. */
    private static final int HEADER = 8 + 8 + 8 + 4;

    private final File file;
    private final Path journal;
    private final FileChannel channel;
    private final FileLock lock;
    /** Page index → page content, for every page changed since the last sync. */
    private final Map<Long, byte[]> dirty = new HashMap<>();
    private final byte[] scratch = new byte[8];
    /** The length MapDB sees. */
    private long length;
    /** Bytes of the file that still hold data (a truncation since the last sync shortens it). */
    private long readableFileLength;

    private JournaledFileVolume(File file, Path journal, FileChannel channel, FileLock lock) throws IOException {
        this.file = file;
        this.journal = journal;
        this.channel = channel;
        this.lock = lock;
        this.length = channel.size();
        this.readableFileLength = length;
    }

    /** Opens (creating if needed) {@code file}, first finishing or discarding a journal left by a crash. */
    static JournaledFileVolume open(Path file) {
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
            return new JournaledFileVolume(file.toFile(), journal, ch, lock);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
    }

    static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + JOURNAL_SUFFIX);
    }

    // ------------------------------------------------------------------ journal

    /** Redoes a complete journal into {@code file}; deletes an incomplete one. */
    static void recover(Path file, Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        ByteBuffer j = ByteBuffer.wrap(Files.readAllBytes(journal));
        if (isComplete(j)) {
            long newLength = j.getLong(8);
            long cutTo = j.getLong(16);
            int pages = j.getInt(24);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                cut(ch, cutTo);
                int pos = HEADER;
                for (int i = 0; i < pages; i++) {
                    long page = j.getLong(pos);
                    writePage(ch, page, j.array(), pos + 8, newLength);
                    pos += 8 + PAGE;
                }
                setLength(ch, newLength);
                ch.force(true);
            }
        }
        Files.delete(journal);
    }

    private static boolean isComplete(ByteBuffer j) {
        if (j.capacity() < HEADER + 8 || j.getLong(0) != MAGIC) {
            return false;
        }
        int pages = j.getInt(24);
        long expected = (long) HEADER + (long) pages * (8 + PAGE) + 8;
        if (pages < 0 || j.capacity() != expected) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(j.array(), 0, (int) expected - 8);
        return crc.getValue() == j.getLong((int) expected - 8);
    }

    /** Writes the part of {@code page} that lies below {@code fileLength}. */
    private static void writePage(FileChannel ch, long page, byte[] src, int srcPos, long fileLength) throws IOException {
        long start = page * PAGE;
        int n = (int) Math.min(PAGE, fileLength - start);
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
                writePage(channel, p, dirty.get(p), 0, length);
            }
            setLength(channel, length);
            channel.force(true);
            Files.delete(journal);
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
        ByteBuffer j = ByteBuffer.allocate(HEADER + pages.size() * (8 + PAGE) + 8);
        j.putLong(MAGIC).putLong(length).putLong(readableFileLength).putInt(pages.size());
        for (long p : pages) {
            j.putLong(p).put(dirty.get(p));
        }
        CRC32C crc = new CRC32C();
        crc.update(j.array(), 0, j.position());
        j.putLong(crc.getValue());
        j.flip();
        try (FileChannel jc = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (j.hasRemaining()) {
                jc.write(j);
            }
            jc.force(true);
        }
        return pages;
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
            if (p != null) {
                System.arraycopy(p, inPage, dst, dstPos, n);
            } else {
                readFile(offset, dst, dstPos, n);
            }
            offset += n;
            dstPos += n;
            len -= n;
        }
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
            p = new byte[PAGE];
            readFile(page * PAGE, p, 0, PAGE);
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
        try {
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
