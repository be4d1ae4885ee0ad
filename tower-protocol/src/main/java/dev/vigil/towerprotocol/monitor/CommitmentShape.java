package dev.vigil.towerprotocol.monitor;

import dev.vigil.towerprotocol.Uint32;

/**
 * What makes a transaction that spends a funding output readable without the channel's keys
 * (BOLT 3, 03-transactions.md): a commitment transaction's locktime has the upper 8 bits 0x20 and its
 * input's sequence the upper 8 bits 0x80, the lower 24 bits of each carrying half of the obscured
 * commitment number; a closing transaction has one input, at most two outputs and a locktime that is
 * 0 or a height.
 *
 * <p>The one definition the tower (which classifies spends) and the SDK and justice-tx-builder (which
 * recover commitment numbers) share. The classification is a reading of the shape, not a proof: the
 * wallet confirms it against its channel.
 */
public final class CommitmentShape {
    /** Upper 8 bits of a commitment's locktime. */
    public static final long LOCKTIME_TAG = 0x20L << 24;
    /** Upper 8 bits of a commitment input's sequence. */
    public static final long SEQUENCE_TAG = 0x80L << 24;
    /** Locktimes below this are heights (BIP65 / nLockTime semantics); a cooperative close uses 0 or a height. */
    public static final long LOCKTIME_THRESHOLD = 500_000_000L;
    private static final long LOW24 = 0xffffffL;

    private CommitmentShape() {}

    /** Whether locktime and sequence carry the 0x20 / 0x80 tags of a BOLT 3 commitment. */
    public static boolean isTagged(long lockTime, long sequence) {
        return (lockTime & ~LOW24) == LOCKTIME_TAG && (sequence & ~LOW24) == SEQUENCE_TAG;
    }

    /**
     * The obscured commitment number (48 bits) a tagged pair carries:
     * {@code ((sequence & 0xFFFFFF) << 24) | (locktime & 0xFFFFFF)}; XOR it with the channel's obscuring
     * factor to get the commitment number.
     */
    public static long obscuredNumber(long lockTime, long sequence) {
        return ((sequence & LOW24) << 24) | (lockTime & LOW24);
    }

    /**
     * docs/monitoring.md 2.1's rules, in order, for a transaction with {@code inputCount} inputs,
     * {@code outputCount} outputs and {@code lockTime}, where {@code sequence} is that of the input that
     * spends the funding output: {@code unilateral} for one input with both tags; {@code cooperative} for
     * one input, no tags, at most two outputs and a locktime below 500,000,000 (BOLT 3's legacy closing
     * transaction has locktime 0 and sequence 0xFFFFFFFF; BOLT 2's {@code closing_complete} lets the closer
     * set a height and signal RBF with 0xFFFFFFFD, so neither is tested); {@code other} for the rest.
     */
    public static CloseKind classify(int inputCount, int outputCount, long lockTime, long sequence) {
        if (inputCount < 1 || outputCount < 0) {
            throw new IllegalArgumentException("a spend has at least one input and no negative output count");
        }
        Uint32.check("locktime", lockTime);
        Uint32.check("sequence", sequence);
        if (inputCount != 1) {
            return CloseKind.OTHER;
        }
        if (isTagged(lockTime, sequence)) {
            return CloseKind.UNILATERAL;
        }
        if (outputCount <= 2 && lockTime < LOCKTIME_THRESHOLD) {
            return CloseKind.COOPERATIVE;
        }
        return CloseKind.OTHER;
    }
}
