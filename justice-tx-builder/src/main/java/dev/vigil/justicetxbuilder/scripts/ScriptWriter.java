package dev.vigil.justicetxbuilder.scripts;

import java.io.ByteArrayOutputStream;

/** Appends opcodes, pushes and minimal script numbers. Package-private. */
final class ScriptWriter {
    static final int OP_0 = 0x00;
    static final int OP_1 = 0x51;
    static final int OP_2 = 0x52;
    static final int OP_16 = 0x60;
    static final int OP_IF = 0x63;
    static final int OP_NOTIF = 0x64;
    static final int OP_ELSE = 0x67;
    static final int OP_ENDIF = 0x68;
    static final int OP_DROP = 0x75;
    static final int OP_IFDUP = 0x73;
    static final int OP_DUP = 0x76;
    static final int OP_SWAP = 0x7c;
    static final int OP_SIZE = 0x82;
    static final int OP_EQUAL = 0x87;
    static final int OP_EQUALVERIFY = 0x88;
    static final int OP_HASH160 = 0xa9;
    static final int OP_CHECKSIG = 0xac;
    static final int OP_CHECKSIGVERIFY = 0xad;
    static final int OP_CHECKMULTISIG = 0xae;
    static final int OP_CLTV = 0xb1;
    static final int OP_CSV = 0xb2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(140);

    ScriptWriter op(int... opcodes) {
        for (int op : opcodes) {
            out.write(op);
        }
        return this;
    }

    /** A direct push; every push in BOLT 3 scripts is at most 75 bytes (keys and hashes). */
    ScriptWriter push(byte[] data) {
        if (data.length > 75) {
            throw new IllegalArgumentException("push longer than 75 bytes");
        }
        out.write(data.length);
        out.write(data, 0, data.length);
        return this;
    }

    /**
     * A number pushed minimally (MINIMALDATA): OP_0, OP_1..OP_16, or the shortest little-endian
     * CScriptNum, with an extra 0x00 when the top bit of the last byte is set (protocol-facts §2:
     * to_self_delay 144 is {@code 02 9000}).
     */
    ScriptWriter number(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("BOLT 3 scripts push no negative numbers");
        }
        if (n == 0) {
            return op(OP_0);
        }
        if (n <= 16) {
            return op(OP_1 - 1 + (int) n);
        }
        ByteArrayOutputStream le = new ByteArrayOutputStream(5);
        for (long v = n; v != 0; v >>>= 8) {
            le.write((int) (v & 0xff));
        }
        byte[] bytes = le.toByteArray();
        if ((bytes[bytes.length - 1] & 0x80) != 0) {
            byte[] extended = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, extended, 0, bytes.length);
            bytes = extended;
        }
        return push(bytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
