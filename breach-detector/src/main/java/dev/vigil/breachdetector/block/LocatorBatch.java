package dev.vigil.breachdetector.block;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * The locators of a block's transactions, in block order, packed into one array of
 * {@code 16 * count} bytes for a single batch lookup.
 *
 * <p>A locator is the first 16 bytes of a txid in <b>internal (wire) byte order</b> (teos / BOLT 13
 * as deployed; DESIGN §2). Entry {@code i} belongs to transaction {@code i} of the block.
 * {@link #high(int)} and {@link #low(int)} read the two halves as big-endian longs for primitive
 * hash tables. Immutable and safe to share between threads.
 */
public final class LocatorBatch {
    public static final int LOCATOR_LENGTH = 16;

    private final byte[] packed;

    private LocatorBatch(byte[] packed) {
        this.packed = packed;
    }

    /** Cuts the locators out of {@code count} consecutive 32-byte txids. */
    static LocatorBatch fromTxids(byte[] txids, int count) {
        byte[] p = new byte[count * LOCATOR_LENGTH];
        for (int i = 0; i < count; i++) {
            System.arraycopy(txids, i * Hash256.LENGTH, p, i * LOCATOR_LENGTH, LOCATOR_LENGTH);
        }
        return new LocatorBatch(p);
    }

    /** A batch of the given 16-byte locators, in order (for tests and other sources). */
    public static LocatorBatch of(Bytes... locators) {
        byte[] p = new byte[locators.length * LOCATOR_LENGTH];
        for (int i = 0; i < locators.length; i++) {
            Objects.requireNonNull(locators[i], "locator");
            if (locators[i].length() != LOCATOR_LENGTH) {
                throw new IllegalArgumentException("a locator has 16 bytes, got " + locators[i].length());
            }
            locators[i].copyTo(p, i * LOCATOR_LENGTH);
        }
        return new LocatorBatch(p);
    }

    /** The locator of a txid: its first 16 bytes in internal order. */
    public static Bytes locatorOf(Hash256 txid) {
        return txid.internalOrder().slice(0, LOCATOR_LENGTH);
    }

    public int count() {
        return packed.length / LOCATOR_LENGTH;
    }

    /** Locator {@code i} as a 16-byte value. */
    public Bytes get(int i) {
        return Bytes.of(packed, offset(i), LOCATOR_LENGTH);
    }

    /** Bytes 0..7 of locator {@code i}, big-endian. */
    public long high(int i) {
        return readLong(offset(i));
    }

    /** Bytes 8..15 of locator {@code i}, big-endian. */
    public long low(int i) {
        return readLong(offset(i) + 8);
    }

    /** Copies locator {@code i} into {@code dest} at {@code destOffset}. */
    public void copyTo(int i, byte[] dest, int destOffset) {
        System.arraycopy(packed, offset(i), dest, destOffset, LOCATOR_LENGTH);
    }

    private int offset(int i) {
        Objects.checkIndex(i, count());
        return i * LOCATOR_LENGTH;
    }

    private long readLong(int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (packed[at + k] & 0xffL);
        }
        return v;
    }
}
