package dev.vigil.devnet.chain;

import java.io.ByteArrayOutputStream;

/** Script number encoding ({@code CScriptNum::serialize} in script/script.h). */
final class ScriptNum {
    private ScriptNum() {
    }

    static byte[] scriptNum(long value) {
        if (value == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean negative = value < 0;
        long abs = Math.abs(value);
        while (abs > 0) {
            out.write((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] bytes = out.toByteArray();
        if ((bytes[bytes.length - 1] & 0x80) != 0) {
            byte[] extended = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, extended, 0, bytes.length);
            extended[bytes.length] = (byte) (negative ? 0x80 : 0x00);
            return extended;
        }
        if (negative) {
            bytes[bytes.length - 1] |= (byte) 0x80;
        }
        return bytes;
    }
}
