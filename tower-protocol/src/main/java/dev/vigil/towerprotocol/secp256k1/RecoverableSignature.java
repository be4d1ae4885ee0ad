package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Optional;

/**
 * A compact ECDSA signature {@code r(32) || s(32)} with the recovery id (0..3) that lets a verifier
 * recover the signer's public key.
 *
 * <p>{@link #toLightningBytes()} is the 65-byte form of LN {@code signmessage}:
 * {@code [31 + recid] || r || s} (31 = 27 + 4, "compressed key"), as LDK's
 * {@code message_signing.rs} and lnd write it.
 */
public record RecoverableSignature(int recoveryId, Bytes compact) {
    public static final int COMPACT_LENGTH = 64;
    public static final int LIGHTNING_LENGTH = 65;
    private static final int HEADER_BASE = 31;

    public RecoverableSignature {
        if (recoveryId < 0 || recoveryId > 3) {
            throw new IllegalArgumentException("recovery id must be 0..3, got " + recoveryId);
        }
        Bytes.requireLength(compact, COMPACT_LENGTH, "a compact signature");
    }

    public byte[] toLightningBytes() {
        byte[] out = new byte[LIGHTNING_LENGTH];
        out[0] = (byte) (HEADER_BASE + recoveryId);
        compact.copyTo(out, 1);
        return out;
    }

    /**
     * Parses the 65-byte LN form; empty unless the header is 31..34 (compressed-key recovery ids,
     * the only ones LDK and therefore teos accept).
     */
    public static Optional<RecoverableSignature> fromLightningBytes(byte[] bytes) {
        if (bytes.length != LIGHTNING_LENGTH) {
            return Optional.empty();
        }
        int recid = (bytes[0] & 0xff) - HEADER_BASE;
        if (recid < 0 || recid > 3) {
            return Optional.empty();
        }
        return Optional.of(new RecoverableSignature(recid, Bytes.of(bytes, 1, COMPACT_LENGTH)));
    }
}
