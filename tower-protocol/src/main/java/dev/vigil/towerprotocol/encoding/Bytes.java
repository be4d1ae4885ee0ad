package dev.vigil.towerprotocol.encoding;

import java.util.Arrays;

/**
 * An immutable byte string: the component type records use instead of a raw {@code byte[]}, so that
 * values compare by content and cannot be changed behind a record's back.
 *
 * <p>{@link #of(byte[])} copies its argument and {@link #toArray()} returns a copy; nothing outside
 * this class ever holds the internal array.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;
    private int hash;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static Bytes of(byte[] bytes, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Decodes hex; throws {@link IllegalArgumentException} on malformed input. */
    public static Bytes fromHex(CharSequence hex) {
        return new Bytes(Hex.decode(hex));
    }

    /**
     * {@code value} if it is non-null and exactly {@code length} bytes long; otherwise an exception
     * naming {@code what}. For the compact constructors of fixed-size values.
     */
    public static Bytes requireLength(Bytes value, int length, String what) {
        java.util.Objects.requireNonNull(value, what);
        if (value.length() != length) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, got " + value.length());
        }
        return value;
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A fresh copy of the content. */
    public byte[] toArray() {
        return data.clone();
    }

    /** Copies the content into {@code dest} at {@code offset}. */
    public void copyTo(byte[] dest, int offset) {
        System.arraycopy(data, 0, dest, offset, data.length);
    }

    /** The bytes in reverse order (display order ⇄ internal order for txids and hashes). */
    public Bytes reversed() {
        byte[] r = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            r[i] = data[data.length - 1 - i];
        }
        return new Bytes(r);
    }

    /** {@code length} bytes from {@code offset}. */
    public Bytes slice(int offset, int length) {
        return new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** This content followed by {@code other}'s. */
    public Bytes concat(Bytes other) {
        byte[] r = Arrays.copyOf(data, data.length + other.data.length);
        System.arraycopy(other.data, 0, r, data.length, other.data.length);
        return new Bytes(r);
    }

    public String toHex() {
        return Hex.encode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes && Arrays.equals(data, ((Bytes) o).data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(data);
            hash = h;
        }
        return h;
    }

    /** Unsigned lexicographic order, shorter first on a common prefix (BIP69's memcmp order). */
    @Override
    public int compareTo(Bytes o) {
        // Arrays.compareUnsigned would do, but Android API 26 lacks it.
        int n = Math.min(data.length, o.data.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(data[i] & 0xff, o.data[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(data.length, o.data.length);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
