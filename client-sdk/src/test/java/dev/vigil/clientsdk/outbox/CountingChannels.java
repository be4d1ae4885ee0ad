package dev.vigil.clientsdk.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens real channels wrapped so that every force of every file and directory {@link FileRecordLog}
 * touches is counted, and so that the next write, force or truncate can be made to fail.
 */
final class CountingChannels implements FileRecordLog.ChannelOpener {
    /** Every force, as "path force(metadata)", in order. */
    final List<String> forces = new ArrayList<>();
    int failWrites;
    /** Forces let through before {@link #failForces} start failing. */
    int passForces;
    int failForces;
    int failTruncates;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Counting(path, FileChannel.open(path, options));
    }

    int forceCount() {
        return forces.size();
    }

    /** Forgets the forces counted so far. */
    void reset() {
        forces.clear();
    }

    private final class Counting extends FileChannel {
        private final Path path;
        private final FileChannel d;

        Counting(Path path, FileChannel delegate) {
            this.path = path;
            this.d = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (passForces > 0) {
                passForces--;
            } else if (failForces > 0) {
                failForces--;
                throw new IOException("force failed on command");
            }
            d.force(metaData);
            forces.add(path.getFileName() + " force(" + metaData + ")");
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failWrites > 0) {
                failWrites--;
                // Half the bytes reach the file, then the device gives up.
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                d.write(half, position);
                throw new IOException("write failed on command");
            }
            return d.write(src, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncates > 0) {
                failTruncates--;
                throw new IOException("truncate failed on command");
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
        public int write(ByteBuffer src) throws IOException {
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return d.write(srcs, offset, length);
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
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return d.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
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
