package dev.vigil.breachdetector.chain;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * on a periodic safety poll; it is idempotent and cheap when nothing changed (one RPC call).
 *
 * <p>A block bitcoind publishes on {@code rawblock} goes to {@link #offer(Block)}: when its parent
 * is the tip, its header commits to its transactions and the node confirms that its active chain
 * has that hash at that height ({@code getblockhash}, a 32-byte answer: ZMQ is not authenticated,
 * RPC is the truth), it <em>is</em> the next block, and it is connected as it is, without fetching it
 * again (DESIGN §3). Anything else about it (a gap, a reorg, an out-of-order, repeated, corrupt or
 * unknown block) changes nothing but the need for a walk, which then uses the kept payload instead
 * of {@code getblock} where the hashes agree. So lost, duplicated or reordered notifications change
 * when blocks are connected, and a payload never connects a block the node does not have.
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
    /**
     * Payloads kept for the next walk: a few, as each can be 4 MB. A burst beyond that (a reorg of
     * more blocks) is fetched over RPC like any catch-up.
     */
    private static final int KEPT_PAYLOADS = 6;
    /**
     * How many of the latest connected (and, separately, disconnected) hashes are remembered, to
     * recognise a repeated or late announcement of a block that is no longer the tip.
     */
    private static final int REMEMBERED_HASHES = 64;

    private final ChainSource source;
    private final TipStore store;
    private final ChainListener listener;
    private ChainTip tip;
    private final Map<Hash256, Block> kept = bounded(KEPT_PAYLOADS);
    private final Map<Hash256, Boolean> recentlyConnected = bounded(REMEMBERED_HASHES);
    private final Map<Hash256, Boolean> recentlyDisconnected = bounded(REMEMBERED_HASHES);

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
     * True if {@code hash} is the tip or one of the latest blocks this follower connected and has
     * not disconnected since: an announcement of it ({@code hashblock}, {@code sequence} C) is news
     * of nothing.
     */
    public boolean hasConnected(Hash256 hash) {
        Optional<ChainTip> t = tip();
        return t.isPresent() && t.get().hash().equals(hash) || recentlyConnected.containsKey(hash);
    }

    /**
     * Connects {@code block} from its ZMQ payload if it extends the tip: its parent is the tip and
     * its header commits to its transactions ({@link Block#commitsToTransactions()}; the block hash
     * itself was computed from the bytes when they were parsed), and the node's active chain has this
     * hash at the next height (one {@code getblockhash} call). A block the
     * follower disconnected is never reconnected from a payload: only a walk decides that it is
     * active again.
     *
     * @throws RuntimeException only if the listener throws; nothing is saved and the block is kept
     *                          for the walk that delivers it again
     */
    public PayloadOutcome offer(Block block) {
        Objects.requireNonNull(block, "block");
        if (tip == null) {
            tip = store.load().orElse(null);
        }
        Hash256 hash = block.hash();
        if (hasConnected(hash)) {
            return new PayloadOutcome.AlreadyConnected(hash);
        }
        if (!block.commitsToTransactions()) {
            return new PayloadOutcome.Rejected(hash, "the header's merkle root " + block.header().merkleRoot()
                    + " does not commit to the " + block.transactionCount() + " transactions");
        }
        if (recentlyDisconnected.containsKey(hash)) {
            return new PayloadOutcome.NeedsWalk(hash, "this block was disconnected; only the node can say it is back");
        }
        if (tip == null || !block.prevHash().equals(tip.hash())) {
            kept.put(hash, block);
            return new PayloadOutcome.NeedsWalk(hash, tip == null ? "no tip yet"
                    : "its parent " + block.prevHash() + " is not the tip " + tip.hash());
        }
        int height = tip.height() + 1;
        try {
            Optional<Hash256> atHeight = source.blockHashAt(height);
            if (atHeight.isEmpty() || !atHeight.get().equals(hash)) {
                kept.put(hash, block);
                return new PayloadOutcome.NeedsWalk(hash, "the node's active chain has "
                        + atHeight.map(Hash256::toString).orElse("no block") + " at height " + height);
            }
        } catch (ChainSourceException e) {
            kept.put(hash, block);
            return new PayloadOutcome.NeedsWalk(hash, "the node did not confirm it: " + e.getMessage());
        }
        try {
            listener.onEvent(new ChainEvent.BlockConnected(block, height));
        } catch (RuntimeException e) {
            kept.put(hash, block);
            throw e;
        }
        connectedTip(new ChainTip(hash, height));
        return new PayloadOutcome.Connected(tip);
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
                    recentlyConnected.remove(tip.hash());
                    recentlyDisconnected.put(tip.hash(), Boolean.TRUE);
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
                    Block payload = kept.remove(hash.get());
                    Optional<Block> block = payload != null ? Optional.of(payload) : source.block(hash.get());
                    if (block.isEmpty()) {
                        return new ReconcileOutcome.SourceUnavailable(Optional.of(tip), "node cannot serve block "
                                + hash.get() + " at height " + height);
                    }
                    if (!block.get().prevHash().equals(tip.hash()) || !block.get().hash().equals(hash.get())) {
                        break; // a reorg under us: the next pass walks back first
                    }
                    try {
                        listener.onEvent(new ChainEvent.BlockConnected(block.get(), height, target.get().height()));
                    } catch (RuntimeException e) {
                        if (payload != null) {
                            kept.put(payload.hash(), payload);
                        }
                        throw e;
                    }
                    connectedTip(new ChainTip(hash.get(), height));
                    connected++;
                }
            }
            return new ReconcileOutcome.Advanced(tip, disconnected, connected);
        } catch (ChainSourceException e) {
            return new ReconcileOutcome.SourceUnavailable(Optional.ofNullable(tip), e.getMessage());
        }
    }

    private void connectedTip(ChainTip next) {
        setTip(next);
        recentlyConnected.put(next.hash(), Boolean.TRUE);
        recentlyDisconnected.remove(next.hash());
    }

    private void setTip(ChainTip next) {
        store.save(next);
        tip = next;
    }

    /** An insertion-ordered map that forgets its eldest entry beyond {@code max}. */
    static <V> Map<Hash256, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash256, V> eldest) {
                return size() > max;
            }
        };
    }
}
