package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.Uint32;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the tower promises on {@code watch/add}: it took on the watch the user signed with
 * {@code userSignature} and reports on it from {@code startHeight} (docs/monitoring.md 5.2). The tower
 * signs {@code "vigil/watch-receipt/v1" || UTF-8(user signature string) || u32be(start_height)}: the
 * shape of teos's appointment receipt, with a tag so that one can never pass for the other.
 */
public record WatchReceipt(String userSignature, long startHeight) {
    private static final byte[] TAG = "vigil/watch-receipt/v1".getBytes(StandardCharsets.US_ASCII);

    public WatchReceipt {
        Objects.requireNonNull(userSignature, "userSignature");
        Uint32.check("start_height", startHeight);
    }

    /** The bytes the tower signs. */
    public byte[] serialize() {
        byte[] sig = userSignature.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[TAG.length + sig.length + 4];
        System.arraycopy(TAG, 0, out, 0, TAG.length);
        System.arraycopy(sig, 0, out, TAG.length, sig.length);
        Uint32.putBigEndian(out, TAG.length + sig.length, startHeight);
        return out;
    }
}
