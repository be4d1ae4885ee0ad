package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction output reference: a txid and an output index. Hashed as the 36 bytes a spending input
 * serializes ({@link #serialize()}: txid in internal order, vout as u32 little-endian); written in JSON
 * as {@code <txid display hex>:<vout>} (docs/monitoring.md, "Terms").
 */
public record Outpoint(Txid txid, long vout) {
    public static final int SERIALIZED_LENGTH = Txid.LENGTH + 4;

    public Outpoint {
        Objects.requireNonNull(txid, "txid");
        Uint32.check("vout", vout);
    }

    /** The 36 bytes of the outpoint inside a transaction input. */
    public byte[] serialize() {
        byte[] out = new byte[SERIALIZED_LENGTH];
        txid.internal().copyTo(out, 0);
        out[32] = (byte) vout;
        out[33] = (byte) (vout >>> 8);
        out[34] = (byte) (vout >>> 16);
        out[35] = (byte) (vout >>> 24);
        return out;
    }

    /**
     * Parses {@code <64 lowercase hex, display order>:<vout>}, vout in decimal without sign or leading
     * zeros and below 2^32; empty for anything else. Strict, so every outpoint has one text (it is signed).
     */
    public static Optional<Outpoint> parse(String text) {
        int colon = text.indexOf(':');
        if (colon != 2 * Txid.LENGTH) {
            return Optional.empty();
        }
        String hex = text.substring(0, colon);
        if (!Decimal.isLowerHex(hex)) {
            return Optional.empty();
        }
        Optional<Long> vout = Decimal.parseUnsigned(text.substring(colon + 1), Uint32.MAX);
        if (!vout.isPresent()) { // Optional.isEmpty() is not in Android API 26
            return Optional.empty();
        }
        return Optional.of(new Outpoint(Txid.fromDisplayHex(hex), vout.get()));
    }

    /** {@code <txid display hex>:<vout>}. */
    @Override
    public String toString() {
        return txid.toDisplayHex() + ":" + vout;
    }
}
