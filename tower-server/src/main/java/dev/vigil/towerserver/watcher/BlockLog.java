package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.block.Hash256;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The operator's view of block processing (docs/operations.md, "Logs"). At the tip, one INFO line
 * per block:
 * <pre>block 812345 0000000000000000000215…ab12: 3,412 txs, 0 breaches, 41 ms</pre>
 * During a catch-up, instead of a line per block, a line when it starts, one at most every
 * {@link #PROGRESS_EVERY} with the rate and what remains, and one when it ends:
 * <pre>catching up: 1,520 blocks behind bitcoind (heights 810,826 to 812,345)
 * catching up: height 811,004, 35.6 blocks/s, 1,341 blocks remaining, 0 breaches so far
 * caught up at height 812,339: 1,514 blocks in 43.2 s (35.0 blocks/s), 0 breaches</pre>
 *
 * <p>The rule: a block is at the tip when at most {@link #TIP_WINDOW} blocks remain after it to
 * reach the node's best block as the follower saw it ({@code ChainEvent.BlockConnected#remaining});
 * it gets its own line. A block further behind is part of a catch-up. So a short burst (a few blocks
 * found together, a short reorg, a ZMQ gap) still shows every block, and a long catch-up ends with
 * per-block lines for its last {@link #TIP_WINDOW} blocks.
 *
 * <p>Threading: called on the chain follower's thread only (the thread that waits for each block's
 * effects), never on the tower thread; not thread-safe.
 */
final class BlockLog {
    /** Blocks that may remain after a block for it still to count as at the tip. */
    static final int TIP_WINDOW = 6;
    /** The least time between two progress lines of a catch-up. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(BlockLog.class.getName());

    private final LongSupplier nanoTime;
    private boolean catchingUp;
    private long startNanos;
    private long lastLineNanos;
    private int blocks;
    private int blocksAtLastLine;
    private int breaches;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}; tests pass their own) */
    BlockLog(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Block {@code hash} at {@code height} was processed: {@code txs} transactions, {@code breached}
     * breaches answered, in {@code nanos}; {@code remaining} blocks are left to reach the node's best.
     */
    void connected(int height, Hash256 hash, int txs, int breached, long nanos, int remaining) {
        long now = nanoTime.getAsLong();
        if (remaining > TIP_WINDOW) {
            if (!catchingUp) {
                catchingUp = true;
                startNanos = now;
                lastLineNanos = now;
                blocks = 0;
                blocksAtLastLine = 0;
                breaches = 0;
                LOG.log(Level.INFO, String.format(Locale.ROOT, "catching up: %,d blocks behind bitcoind (heights %,d to %,d)",
                        remaining + 1, height, height + remaining));
            }
            blocks++;
            breaches += breached;
            if (now - lastLineNanos >= PROGRESS_EVERY.toNanos()) {
                LOG.log(Level.INFO, String.format(Locale.ROOT, "catching up: height %,d, %.1f blocks/s, %,d blocks remaining, %s so far",
                        height, rate(blocks - blocksAtLastLine, now - lastLineNanos), remaining, count(breaches, "breach", "breaches")));
                lastLineNanos = now;
                blocksAtLastLine = blocks;
            }
            return;
        }
        if (catchingUp) {
            catchingUp = false;
            LOG.log(Level.INFO, String.format(Locale.ROOT, "caught up at height %,d: %,d blocks in %.1f s (%.1f blocks/s), %s",
                    height - 1, blocks, (now - startNanos) / 1e9, rate(blocks, now - startNanos), count(breaches, "breach", "breaches")));
        }
        LOG.log(Level.INFO, line(height, hash, txs, breached, nanos));
    }

    /** The tip {@code hash} at {@code height} left the chain (a reorg). */
    void disconnected(int height, Hash256 hash) {
        LOG.log(Level.INFO, String.format(Locale.ROOT, "block %d %s disconnected (reorg): the tip is back at height %d",
                height, hash, height - 1));
    }

    /** The per-block line: {@code block 812345 <hash>: 3,412 txs, 0 breaches, 41 ms}. */
    static String line(int height, Hash256 hash, int txs, int breached, long nanos) {
        return String.format(Locale.ROOT, "block %d %s: %s, %s, %d ms", height, hash, count(txs, "tx", "txs"),
                count(breached, "breach", "breaches"), nanos / 1_000_000);
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    private static double rate(int n, long nanos) {
        return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }
}
