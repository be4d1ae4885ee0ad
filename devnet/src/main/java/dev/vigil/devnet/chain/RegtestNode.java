package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A regtest node's chain state behind one facade: the block tree, the active chain, the UTXO set, a full
 * transaction index and the mempool, with bitcoind's validation order and reject reasons. The work is split the
 * way Bitcoin Core splits its files: {@link ChainState} (validation.cpp's Chainstate: ConnectBlock checks,
 * ActivateBestChain, Connect/DisconnectTip, InvalidateBlock), {@link MempoolAcceptance} (MemPoolAccept) with
 * {@link ReplacementPolicy} (policy/rbf.cpp), {@link ConsensusChecks} (consensus/tx_check.cpp, tx_verify.cpp),
 * {@link Miner} (node/miner.cpp) and {@link BlockAssembler}.
 *
 * <p>Not thread-safe: one owner thread creates it and makes every call; the listener is called on that
 * thread, synchronously, in bitcoind's signal order.
 */
public final class RegtestNode {
    /**
     * Relay settings in sat/kvB and the clock. Core 30 defaults: -minrelaytxfee and -incrementalrelayfee 100
     * sat/kvB (0.1 sat/vB, as the recorded node's {@code getnetworkinfo} shows), -dustrelayfee 3000 sat/kvB.
     */
    public record Settings(long minRelayFeeSatPerKvB, long incrementalRelayFeeSatPerKvB, long dustRelayFeeSatPerKvB,
            LongSupplier clockSeconds) {
        public Settings {
            if (minRelayFeeSatPerKvB < 0 || incrementalRelayFeeSatPerKvB < 0 || dustRelayFeeSatPerKvB < 0) {
                throw new IllegalArgumentException("fee rates must not be negative");
            }
            Objects.requireNonNull(clockSeconds, "clockSeconds");
        }
    }

    /** Where a confirmed transaction is: its block (on the active chain) and position. */
    public record TxLocation(BlockEntry block, int index) {
        public TxLocation {
            Objects.requireNonNull(block, "block");
        }

        public Transaction tx() {
            return block.block().tx.get(index);
        }
    }

    /** The outcome of mining. */
    public sealed interface MineResult {
        /** Blocks connected, oldest first. */
        record Mined(List<BlockEntry> blocks) implements MineResult {
            public Mined {
                blocks = List.copyOf(blocks);
            }
        }

        /** The block was invalid ({@code TestBlockValidity failed: <reason>}). */
        record Invalid(String reason) implements MineResult {
            public Invalid {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }


    private final Settings settings;
    private final Mempool mempool = new Mempool();
    private final ChainState chain;
    private final MempoolAcceptance acceptance;
    private final Miner miner;

    public RegtestNode(Settings settings, Consumer<ChainEvent> listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Signals signals = new Signals(listener);
        this.chain = new ChainState(mempool, signals, this::afterDisconnect);
        this.acceptance = new MempoolAcceptance(settings, chain, mempool, signals);
        this.miner = new Miner(chain, mempool, settings.clockSeconds());
    }

    /** Called by the chain during a reorg, before the new tip is signalled; never during construction. */
    private void afterDisconnect(List<Block> disconnectedOldestFirst) {
        acceptance.afterDisconnect(disconnectedOldestFirst);
    }

    public Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reads

    public BlockEntry tip() {
        return chain.tip();
    }

    public int height() {
        return chain.height();
    }

    public Optional<BlockEntry> block(BlockHash hash) {
        return chain.block(hash);
    }

    /** The active-chain block at {@code height}, if any. */
    public Optional<BlockEntry> activeAt(int height) {
        return chain.activeAt(height);
    }

    public boolean isActive(BlockEntry entry) {
        return chain.isActive(entry);
    }

    /** Every block with no child ({@code getchaintips}). */
    public List<BlockEntry> leaves() {
        return chain.leaves();
    }

    public Optional<Coin> utxo(OutPoint outPoint) {
        return chain.utxo(outPoint);
    }

    /** Confirmed unspent outputs paying {@code script}. */
    public Map<OutPoint, Coin> utxosPaying(ByteVector script) {
        return chain.utxosPaying(script);
    }

    /** A confirmed transaction on the active chain ({@code -txindex}). */
    public Optional<TxLocation> confirmed(TxId txid) {
        return chain.confirmed(txid);
    }

    /** A read-only view of the active chain, genesis first. */
    public List<BlockEntry> activeChain() {
        return chain.activeChain();
    }

    public Mempool mempool() {
        return mempool;
    }

    /** The time a new block gets: {@code max(MTP(tip) + 1, now)} as {@code UpdateTime} in node/miner.cpp. */
    public long nextBlockTime() {
        return miner.nextBlockTime();
    }

    // ---------------------------------------------------------------- mempool acceptance

    /** {@code testmempoolaccept} for one transaction: every check, nothing changes. */
    public AcceptResult testAccept(Transaction tx) {
        return acceptance.testAccept(tx);
    }

    /** {@code AcceptToMemoryPool}: on success the transaction enters the mempool, evicting what it replaces. */
    public AcceptResult submit(Transaction tx) {
        return acceptance.submit(tx);
    }

    /**
     * {@code testmempoolaccept} for a package (parents before children): each transaction is checked with the
     * earlier ones provisionally in the mempool; after the first failure the rest are not evaluated (empty).
     */
    public List<Optional<AcceptResult>> testAcceptPackage(List<Transaction> txs) {
        return acceptance.testAcceptPackage(txs);
    }

    // ---------------------------------------------------------------- mining and chain switching

    /** {@code generatetoaddress}: {@code count} blocks on the tip, each with every mempool transaction that fits. */
    public MineResult mine(int count, ByteVector payTo) {
        return miner.mine(count, payTo);
    }

    /**
     * {@code generateblock}: one block on the tip with exactly {@code txs}, in order, checked by consensus rules
     * only (no relay policy): the way to confirm a transaction the mempool would refuse.
     */
    public MineResult mineWith(ByteVector payTo, List<Transaction> txs) {
        return miner.mineWith(payTo, txs);
    }

    /**
     * {@code submitblock} for a block that extends the tip (made elsewhere, or kept on disk by an
     * earlier run), checked by the same consensus rules as a mined one. A block on another branch is
     * refused: the checks run against the tip's coins.
     */
    public MineResult accept(Block block) {
        BlockEntry tip = chain.tip();
        if (!block.header.hashPreviousBlock.equals(tip.hash())) {
            return new MineResult.Invalid(chain.block(block.header.hashPreviousBlock).isPresent()
                    ? "not on the tip" : "prev-blk-not-found");
        }
        if (chain.known(block)) {
            return new MineResult.Invalid("duplicate");
        }
        Optional<String> invalid = chain.validateBlock(tip, block);
        if (invalid.isPresent()) {
            return new MineResult.Invalid(invalid.get());
        }
        BlockEntry entry = chain.addBlock(block, tip);
        chain.activateBestChain();
        return new MineResult.Mined(List.of(entry));
    }

    /**
     * {@code invalidateblock}: mark the block and its descendants failed, disconnect back to its parent
     * (disconnected transactions return to the mempool where still valid), then activate the best valid chain.
     *
     * @return false if the block is unknown
     */
    public boolean invalidate(BlockHash hash) {
        return chain.invalidate(hash);
    }

    /** {@code reconsiderblock}: clear the failed marks of the block, its ancestors and descendants. */
    public boolean reconsider(BlockHash hash) {
        return chain.reconsider(hash);
    }
}
