package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings the tower's view of the chain to the node's best block and tells the listener how it
 * changed (DESIGN §3): from the stored tip, disconnect while the tip is off the node's active
 * chain (tip first), then connect the active chain's blocks forward, parent first, fetching each
 * with {@code getblock <hash> 0}. The tip is saved after every event, so an interrupted walk (node
 * unreachable, crash) resumes where it stopped.
 *
 * <p>Call {@link #reconcile()} on every ZMQ doorbell, every "reconcile now" signal, at start-up and
 * on a periodic safety poll; it is idempotent and cheap when nothing changed (one RPC call). ZMQ
 * content is never trusted for chain state: lost, duplicated or reordered notifications only change
 * when reconcile runs, not what it emits.
 *
 * <p>Threading: not thread-safe; run every call on the follower's one worker thread. Blocking:
 * blocks on the {@link ChainSource}, the {@link TipStore} and the {@link ChainListener}.
 */
public final class ChainFollower {
    /**
     * How many times one reconcile re-reads the best block when the node's chain moves during the
     * walk; after that it returns and the next doorbell continues.
     */
    private static final int MAX_PASSES = 4;

    private final ChainSource source;
    private final TipStore store;
    private final ChainListener listener;
    private ChainTip tip;

    public ChainFollower(ChainSource source, TipStore store, ChainListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The tip as far as this follower knows: the stored one until the first reconcile moves it. */
    public Optional<ChainTip> tip() {
        return tip != null ? Optional.of(tip) : store.load();
    }

    /**
     * Walks to the node's best block, emitting events.
     *
     * <p>On a tower's first start (no stored tip) the node's current best block becomes the tip
     * without events: there is nothing to watch for in the past.
     *
     * @throws RuntimeException only if the listener throws; the block it failed on is not saved as
     *                          the tip and is delivered again by the next reconcile
     */
    public ReconcileOutcome reconcile() {
        if (tip == null) {
            tip = store.load().orElse(null);
        }
        int disconnected = 0;
        int connected = 0;
        try {
            if (tip == null) {
                Hash256 best = source.bestBlockHash();
                Optional<ChainHeader> h = source.header(best);
                if (h.isEmpty()) {
                    return new ReconcileOutcome.SourceUnavailable(Optional.empty(),
                            "node does not know its own best block " + best);
                }
                setTip(new ChainTip(best, h.get().height()));
                return new ReconcileOutcome.UpToDate(tip);
            }
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                Hash256 best = source.bestBlockHash();
                if (best.equals(tip.hash())) {
                    return disconnected + connected == 0 ? new ReconcileOutcome.UpToDate(tip)
                            : new ReconcileOutcome.Advanced(tip, disconnected, connected);
                }
                // Back to the fork point: our tip leaves while the node says it is not active.
                while (true) {
                    Optional<ChainHeader> h = source.header(tip.hash());
                    if (h.isEmpty()) {
                        return new ReconcileOutcome.TipUnknownToNode(tip);
                    }
                    if (h.get().onActiveChain()) {
                        break;
                    }
                    Hash256 parent = h.get().previous().orElseThrow(
                            () -> new IllegalStateException("genesis is always on the active chain"));
                    listener.onEvent(new ChainEvent.BlockDisconnected(tip.hash(), tip.height(), parent));
                    setTip(new ChainTip(parent, tip.height() - 1));
                    disconnected++;
                }
                // Forward along the active chain, checking every block links to our tip.
                Optional<ChainHeader> target = source.header(best);
                if (target.isEmpty()) {
                    continue; // the best block vanished between two calls: read it again
                }
                for (int height = tip.height() + 1; height <= target.get().height(); height++) {
                    Optional<Hash256> hash = source.blockHashAt(height);
                    if (hash.isEmpty()) {
                        break; // the chain got shorter under us
                    }
                    Optional<Block> block = source.block(hash.get());
                    if (block.isEmpty()) {
                        return new ReconcileOutcome.SourceUnavailable(Optional.of(tip), "node cannot serve block "
                                + hash.get() + " at height " + height);
                    }
                    if (!block.get().prevHash().equals(tip.hash()) || !block.get().hash().equals(hash.get())) {
                        break; // a reorg under us: the next pass walks back first
                    }
                    listener.onEvent(new ChainEvent.BlockConnected(block.get(), height));
                    setTip(new ChainTip(hash.get(), height));
                    connected++;
                }
            }
            return new ReconcileOutcome.Advanced(tip, disconnected, connected);
        } catch (ChainSourceException e) {
            return new ReconcileOutcome.SourceUnavailable(Optional.ofNullable(tip), e.getMessage());
        }
    }

    private void setTip(ChainTip next) {
        store.save(next);
        tip = next;
    }
}
