package dev.vigil.breachdetector.match;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.LocatorBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Matches a connected block against the watched locators in one batch (DESIGN §3 "Matching"), and
 * keeps the block's locators in {@link RecentBlocks} for appointments that arrive late.
 *
 * <p>Threading: call {@link #connected} and {@link #disconnected} from one thread, in the order of
 * the chain follower's events. CPU-bound; run it on a worker, not an event loop.
 */
public final class BlockMatcher {
    private final LocatorIndex index;
    private final RecentBlocks recent;

    public BlockMatcher(LocatorIndex index, RecentBlocks recent) {
        this.index = Objects.requireNonNull(index, "index");
        this.recent = Objects.requireNonNull(recent, "recent");
    }

    /**
     * A block was connected at {@code height}: remembers it and returns the transactions an
     * appointment may be watching, in block order.
     */
    public List<MatchedTransaction> connected(Block block, int height) {
        LocatorBatch locators = block.locators();
        recent.connected(block, height);
        int[] hits = index.candidates(locators);
        List<MatchedTransaction> out = new ArrayList<>(hits.length);
        int previous = -1;
        for (int i : hits) {
            if (i <= previous || i >= locators.count()) {
                throw new IllegalStateException("LocatorIndex broke its contract: position " + i
                        + " after " + previous + " in a batch of " + locators.count());
            }
            previous = i;
            out.add(new MatchedTransaction(i, block.txid(i), locators.get(i)));
        }
        return out;
    }

    /** A block was disconnected: late appointments must no longer match its transactions. */
    public void disconnected(Block block) {
        recent.disconnected(block.hash());
    }
}
