package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;

/**
 * A watch's 16-byte index key, {@code watch_id} in JSON (32 hex): the hint itself for a {@code hint}
 * watch; for an {@code outpoint} watch {@code outpoint_key = funding_txid[0..12] || u32be(vout)}, the
 * txid in internal order (uniformly random, so its first 12 bytes need no hashing; docs/monitoring.md
 * 1.1). Names a watch only together with its user and kind.
 */
public record WatchId(Bytes value) {
    public static final int LENGTH = 16;
    private static final int TXID_PREFIX = 12;

    public WatchId {
        Bytes.requireLength(value, LENGTH, "a watch id");
    }

    public static WatchId of(WatchHint hint) {
        return new WatchId(hint.value());
    }

    /** {@code outpoint_key}: the first 12 bytes of the txid (internal order) and the vout big-endian. */
    public static WatchId of(Outpoint outpoint) {
        byte[] key = new byte[LENGTH];
        outpoint.txid().internal().slice(0, TXID_PREFIX).copyTo(key, 0);
        Uint32.putBigEndian(key, TXID_PREFIX, outpoint.vout());
        return new WatchId(Bytes.of(key));
    }

    public static WatchId fromHex(String hex) {
        return new WatchId(Bytes.fromHex(hex));
    }

    public String toHex() {
        return value.toHex();
    }

    @Override
    public String toString() {
        return toHex();
    }
}
