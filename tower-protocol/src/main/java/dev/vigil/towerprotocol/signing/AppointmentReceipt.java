package dev.vigil.towerprotocol.signing;

import dev.vigil.towerprotocol.Uint32;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the tower promises on {@code add_appointment}: it accepted the appointment the user signed
 * with {@code userSignature} and watches it from {@code startBlock}. The tower signs the UTF-8 bytes
 * of the user's zbase32 signature <i>string</i> followed by {@code start_block u32 BE} (rust-teos
 * {@code receipts.rs}; not the 65 raw bytes, and neither locator nor blob, unlike the BOLT 13 draft).
 * The user signature commits to the locator, blob and delay, so the receipt does too.
 */
public record AppointmentReceipt(String userSignature, long startBlock) {
    public AppointmentReceipt {
        Objects.requireNonNull(userSignature, "userSignature");
        Uint32.check("start_block", startBlock);
    }

    public byte[] serialize() {
        byte[] sig = userSignature.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[sig.length + 4];
        System.arraycopy(sig, 0, out, 0, sig.length);
        Uint32.putBigEndian(out, sig.length, startBlock);
        return out;
    }
}
