package dev.vigil.towerserver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Channels over the real files that fail on command, counting only once {@link #arm armed}: the
 * n-th write fails (nothing written), is torn (half written, then it fails) or short (half
 * written, reported as such: the caller must write the rest), the n-th force fails (the data may
 * well be on disk, as after a real fsync error), or the disk dies at the n-th write, force or
 * truncate (every one from then on fails). Owner thread only, as the volume.
 */
final class FaultyChannels implements JournaledFileVolume.Channels {
    enum Fault { FAILED_WRITE, TORN_WRITE, SHORT_WRITE, FAILED_FORCE, DEAD_DISK }

    private Fault fault;
    private long at;
    private long writes;
    private long forces;
    private long changes;
    private boolean dead;
    /** Every write to this file fails while set (a store file the disk keeps refusing). */
    private Path refusing;

    /** From now on, the {@code n}-th (1-based) operation that {@code fault} concerns goes wrong. */
    void arm(Fault fault, long n) {
        this.fault = fault;
        this.at = n;
        writes = 0;
        forces = 0;
        changes = 0;
        dead = false;
    }

    /** Counts from now on without failing anything (to learn how many operations a run makes). */
    void count() {
        arm(null, 0);
    }

    void disarm() {
        fault = null;
        dead = false;
        refusing = null;
    }

    /** Every write to {@code file} fails from now on, and only those (until {@link #disarm}). */
    void refuseWritesTo(Path file) {
        refusing = file.toAbsolutePath();
    }

    long writes() {
        return writes;
    }

    long forces() {
        return forces;
    }

    long changes() {
        return changes;
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Faulty(FileChannel.open(path, options), path.toAbsolutePath());
    }

    private boolean dying() {
        changes++;
        if (fault == Fault.DEAD_DISK && changes >= at) {
            dead = true;
        }
        return dead;
    }

    private final class Faulty extends FileChannel {
        private final FileChannel d;
        private final Path path;

        Faulty(FileChannel d, Path path) {
            this.d = d;
            this.path = path;
        }

        private int write(ByteBuffer src, long position, boolean positional) throws IOException {
            writes++;
            if (path.equals(refusing)) {
                throw new IOException("injected: " + path.getFileName() + " refuses writes");
            }
            if (dying()) {
                throw new IOException("injected: the disk is gone");
            }
            if (writes == at && fault == Fault.FAILED_WRITE) {
                throw new IOException("injected: write " + writes + " failed");
            }
            if (writes == at && (fault == Fault.TORN_WRITE || fault == Fault.SHORT_WRITE) && src.remaining() > 1) {
                ByteBuffer half = src.duplicate();
                half.limit(half.position() + src.remaining() / 2);
                int n = positional ? d.write(half, position) : d.write(half);
                src.position(src.position() + n);
                if (fault == Fault.TORN_WRITE) {
                    throw new IOException("injected: write " + writes + " torn after " + n + " bytes");
                }
                return n;
            }
            return positional ? d.write(src, position) : d.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return write(src, position, true);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, 0, false);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces++;
            if (dying()) {
                throw new IOException("injected: the disk is gone");
            }
            if (forces == at && fault == Fault.FAILED_FORCE) {
                throw new IOException("injected: force " + forces + " failed");
            }
            d.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (dying()) {
                throw new IOException("injected: the disk is gone");
            }
            d.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            throw new UnsupportedOperationException("not used by the volume");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException("not used by the volume");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("not used by the volume");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
