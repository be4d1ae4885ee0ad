package dev.vigil.breachdetector.block;

/**
 * A bounds-checked cursor over bitcoin's consensus serialization. Every read checks the remaining
 * length first, so a truncated or lying input ends in {@link MalformedException}, never in an
 * {@link ArrayIndexOutOfBoundsException} or a large allocation.
 */
final class WireReader {
    /**
     * bitcoind's {@code MAX_SIZE} (src/serialize.h): ReadCompactSize rejects anything larger, so a
     * count or length above it is malformed however many bytes follow.
     */
    static final long MAX_COMPACT_SIZE = 0x02000000L;

    private final byte[] buf;
    private final int limit;
    private int pos;

    WireReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    private void require(int n, String what) throws MalformedException {
        if (n < 0 || limit - pos < n) {
            throw new MalformedException("truncated: " + what + " needs " + n + " bytes, "
                    + (limit - pos) + " left", pos);
        }
    }

    void skip(int n, String what) throws MalformedException {
        require(n, what);
        pos += n;
    }

    int u8(String what) throws MalformedException {
        require(1, what);
        return buf[pos++] & 0xff;
    }

    long u32(String what) throws MalformedException {
        require(4, what);
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16
                | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    long i64(String what) throws MalformedException {
        require(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    /**
     * A CompactSize as bitcoind reads it with range checking: canonical (shortest) encoding only,
     * and at most {@link #MAX_COMPACT_SIZE} (src/serialize.h {@code ReadCompactSize}).
     */
    int compactSize(String what) throws MalformedException {
        int start = pos;
        int first = u8(what);
        long v;
        if (first < 0xfd) {
            return first;
        } else if (first == 0xfd) {
            require(2, what);
            v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8;
            pos += 2;
            if (v < 0xfd) {
                throw new MalformedException("non-canonical compact size for " + what, start);
            }
        } else if (first == 0xfe) {
            v = u32(what);
            if (v < 0x10000L) {
                throw new MalformedException("non-canonical compact size for " + what, start);
            }
        } else {
            v = i64(what);
            if (v >= 0 && v < 0x100000000L) {
                throw new MalformedException("non-canonical compact size for " + what, start);
            }
        }
        if (v < 0 || v > MAX_COMPACT_SIZE) {
            throw new MalformedException(what + " too large: " + Long.toUnsignedString(v), start);
        }
        return (int) v;
    }

    /**
     * A count of items each at least {@code minItemBytes} long: rejected at once if the input
     * cannot possibly hold that many, so callers may size arrays by it.
     */
    int count(String what, int minItemBytes) throws MalformedException {
        int start = pos;
        int n = compactSize(what);
        if ((long) n * minItemBytes > remaining()) {
            throw new MalformedException(what + " " + n + " cannot fit in the " + remaining()
                    + " bytes left", start);
        }
        return n;
    }

    /** Skips a CompactSize-prefixed byte string and returns its length. */
    int skipVarBytes(String what) throws MalformedException {
        int n = compactSize(what);
        skip(n, what);
        return n;
    }
}
