package dev.vigil.justicetxbuilder.scripts;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * One HTLC of a commitment state, as the commitment's owner sees it (BOLT 3 names the outputs of a
 * commitment from its holder's side). On a counterparty's commitment, an HTLC the wallet sent is
 * {@link Direction#RECEIVED}, and one the wallet is receiving is {@link Direction#OFFERED}.
 *
 * @param direction   offered or received by the commitment's owner
 * @param amountMsat  the HTLC amount; its output carries floor(amountMsat / 1000) sat
 * @param paymentHash 32 bytes
 * @param cltvExpiry  the absolute expiry height, a u32 (only the received-HTLC script contains it)
 */
public record Htlc(Direction direction, long amountMsat, Bytes paymentHash, long cltvExpiry) {
    /** Who offered the HTLC, from the commitment owner's side. */
    public enum Direction {
        /** The owner offered it: an "offered HTLC output" on the owner's commitment. */
        OFFERED,
        /** The owner received it: a "received HTLC output" on the owner's commitment. */
        RECEIVED
    }

    public Htlc {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(paymentHash, "paymentHash");
        if (amountMsat <= 0) {
            throw new IllegalArgumentException("amountMsat must be positive, got " + amountMsat);
        }
        if (paymentHash.length() != 32) {
            throw new IllegalArgumentException("paymentHash is 32 bytes, got " + paymentHash.length());
        }
        if (cltvExpiry < 0 || cltvExpiry > 0xffff_ffffL) {
            throw new IllegalArgumentException("cltvExpiry is a u32, got " + cltvExpiry);
        }
    }

    /** The satoshis of its commitment output (BOLT 3 rounds msat down). */
    public long amountSat() {
        return amountMsat / 1000;
    }
}
