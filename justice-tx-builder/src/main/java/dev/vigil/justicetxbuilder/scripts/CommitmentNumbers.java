package dev.vigil.justicetxbuilder.scripts;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.monitor.CommitmentShape;

/**
 * Commitment-number obscuring, BOLT 3 "Commitment Transaction": the 48-bit number is XORed with the
 * lower 48 bits of SHA256(opener_payment_basepoint || accepter_payment_basepoint) and split over the
 * locktime (lower 24 bits, upper byte 0x20) and the input's sequence (upper 24 bits, upper byte 0x80).
 * Those two fixed upper bytes are what makes a commitment recognisable on chain; their test and the
 * un-splitting live in tower-protocol's {@link CommitmentShape}, shared with the tower, which reads
 * them without the channel's keys.
 */
public final class CommitmentNumbers {
    public static final long MAX_COMMITMENT_NUMBER = (1L << 48) - 1;
    private static final long LOW24 = 0xffffffL;

    private CommitmentNumbers() {}

    /** The obscuring factor (48 bits). */
    public static long obscuringFactor(PublicKey openerPaymentBasepoint, PublicKey accepterPaymentBasepoint) {
        byte[] h = Hashes.sha256(openerPaymentBasepoint.compressed().toArray(), accepterPaymentBasepoint.compressed().toArray());
        long f = 0;
        for (int i = 26; i < 32; i++) {
            f = (f << 8) | (h[i] & 0xff);
        }
        return f;
    }

    /** nLockTime of commitment {@code number}. */
    public static long lockTime(long number, long factor) {
        return CommitmentShape.LOCKTIME_TAG | ((check(number) ^ factor) & LOW24);
    }

    /** nSequence of the funding input of commitment {@code number}. */
    public static long sequence(long number, long factor) {
        return CommitmentShape.SEQUENCE_TAG | (((check(number) ^ factor) >>> 24) & LOW24);
    }

    /** Whether locktime and sequence carry the 0x20 / 0x80 tags of a BOLT 3 commitment. */
    public static boolean isTagged(long lockTime, long sequence) {
        return CommitmentShape.isTagged(lockTime, sequence);
    }

    /** The commitment number a tagged locktime/sequence pair encodes. */
    public static long recover(long lockTime, long sequence, long factor) {
        return CommitmentShape.obscuredNumber(lockTime, sequence) ^ factor;
    }

    private static long check(long number) {
        if (number < 0 || number > MAX_COMMITMENT_NUMBER) {
            throw new IllegalArgumentException("a commitment number is 48-bit, got " + number);
        }
        return number;
    }
}
