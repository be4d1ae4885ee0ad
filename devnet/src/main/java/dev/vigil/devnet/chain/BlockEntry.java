package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockId;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One block of the block tree ({@code CBlockIndex} in chain.h) with the block itself: the devnet keeps
 * every block in memory. Identity, height, chain work and median-time-past are fixed at creation; the
 * failed mark ({@code BLOCK_FAILED_*}) and the undo data of a connected block change, on the owner thread
 * only.
 */
public final class BlockEntry {
    private final Block block;
    private final BlockEntry parent;
    private final int height;
    private final BigInteger chainWork;
    private final long medianTimePast;
    private final long sequenceId;
    private final int size;
    private final int strippedSize;
    private final int weight;
    private boolean failed;
    private List<SpentCoin> undo = List.of();

    /** A coin a connected block spent, kept to put it back when the block is disconnected. */
    public record SpentCoin(fr.acinq.bitcoin.OutPoint outPoint, Coin coin) {
        public SpentCoin {
            Objects.requireNonNull(outPoint, "outPoint");
            Objects.requireNonNull(coin, "coin");
        }
    }

    BlockEntry(Block block, BlockEntry parent, long sequenceId) {
        this.block = Objects.requireNonNull(block, "block");
        this.parent = parent;
        this.height = parent == null ? 0 : parent.height + 1;
        BigInteger work = Regtest.work(block.header.bits);
        this.chainWork = parent == null ? work : parent.chainWork.add(work);
        this.sequenceId = sequenceId;
        this.medianTimePast = computeMedianTimePast();
        this.size = Block.write(block).length;
        int stripped = 80 + varIntSize(block.tx.size());
        int weightSum = 0;
        for (var tx : block.tx) {
            stripped += tx.baseSize();
            weightSum += tx.weight();
        }
        this.strippedSize = stripped;
        this.weight = weightSum + 4 * (80 + varIntSize(block.tx.size()));
    }

    static int varIntSize(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
    }

    /** {@code CBlockIndex::GetMedianTimePast}: the median of this block's and its 10 predecessors' times. */
    private long computeMedianTimePast() {
        long[] times = new long[11];
        int n = 0;
        for (BlockEntry e = this; e != null && n < 11; e = e.parent) {
            times[n++] = e == this ? block.header.time : e.block.header.time;
        }
        long[] sorted = java.util.Arrays.copyOf(times, n);
        java.util.Arrays.sort(sorted);
        return sorted[n / 2];
    }

    public Block block() {
        return block;
    }

    /** The hash in internal (wire) byte order. */
    public BlockHash hash() {
        return block.hash;
    }

    /** The hash in display (RPC) byte order. */
    public BlockId blockId() {
        return block.blockId;
    }

    public String displayHash() {
        return block.blockId.toString();
    }

    public BlockEntry parent() {
        return parent;
    }

    public int height() {
        return height;
    }

    public BigInteger chainWork() {
        return chainWork;
    }

    public long medianTimePast() {
        return medianTimePast;
    }

    long sequenceId() {
        return sequenceId;
    }

    public int size() {
        return size;
    }

    public int strippedSize() {
        return strippedSize;
    }

    public int weight() {
        return weight;
    }

    /** Marked invalid by {@code invalidateblock}, or a descendant of such a block, or failed to connect. */
    public boolean failed() {
        return failed;
    }

    void markFailed() {
        this.failed = true;
    }

    void clearFailed() {
        this.failed = false;
    }

    List<SpentCoin> undo() {
        return undo;
    }

    void setUndo(List<SpentCoin> undo) {
        this.undo = List.copyOf(undo);
    }

    /** The ancestor at {@code h} ({@code CBlockIndex::GetAncestor}); {@code null} if {@code h} is out of range. */
    public BlockEntry ancestor(int h) {
        if (h > height || h < 0) {
            return null;
        }
        BlockEntry e = this;
        while (e.height > h) {
            e = e.parent;
        }
        return e;
    }

    /** True if this block or one of its ancestors is marked failed. */
    public boolean failedOrDescendsFromFailed() {
        for (BlockEntry e = this; e != null; e = e.parent) {
            if (e.failed) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "BlockEntry[" + height + " " + displayHash() + "]";
    }
}
