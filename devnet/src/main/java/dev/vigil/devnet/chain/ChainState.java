package dev.vigil.devnet.chain;

import dev.vigil.devnet.chain.ChainEvent.RemovalReason;
import dev.vigil.devnet.chain.ConsensusChecks.InputsCheck;
import dev.vigil.devnet.chain.RegtestNode.TxLocation;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The block tree, the active chain, the UTXO set and the transaction index, changed the way
 * {@code validation.cpp}'s {@code Chainstate} changes them: ContextualCheckBlock and ConnectBlock checks,
 * ActivateBestChain over ConnectTip and DisconnectTip, InvalidateBlock and ReconsiderBlock.
 *
 * <p>Owned by the node's thread. Transactions of disconnected blocks go back to the mempool through
 * {@link MempoolReorg}, before the new tip is signalled, as {@code MaybeUpdateMempoolForReorg} does.
 */
final class ChainState {
    /**
     * What the mempool does after a reorg ({@code MaybeUpdateMempoolForReorg}): resubmit the transactions of
     * the disconnected blocks and drop what is no longer valid at the new tip. Called on the owner thread.
     */
    @FunctionalInterface
    interface MempoolReorg {
        void afterDisconnect(List<Block> disconnectedOldestFirst);
    }

    private final Mempool mempool;
    private final Signals signals;
    private final MempoolReorg mempoolReorg;
    private final Map<BlockHash, BlockEntry> blocks = new HashMap<>();
    private final Set<BlockEntry> leaves = new LinkedHashSet<>();
    private final List<BlockEntry> active = new ArrayList<>();
    private final Map<OutPoint, Coin> utxos = new HashMap<>();
    private final Map<TxId, TxLocation> txIndex = new HashMap<>();
    private final Set<TxId> coinbaseTxids = new HashSet<>();
    private long nextSequenceId;

    ChainState(Mempool mempool, Signals signals, MempoolReorg mempoolReorg) {
        this.mempool = Objects.requireNonNull(mempool, "mempool");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.mempoolReorg = Objects.requireNonNull(mempoolReorg, "mempoolReorg");
        BlockEntry genesis = new BlockEntry(Regtest.GENESIS, null, nextSequenceId++);
        blocks.put(genesis.hash(), genesis);
        leaves.add(genesis);
        // The genesis coinbase output is not spendable: bitcoind never adds it to the coins view.
        active.add(genesis);
        txIndex.put(Regtest.GENESIS.tx.get(0).txid, new TxLocation(genesis, 0));
    }

    // ---------------------------------------------------------------- reads

    BlockEntry tip() {
        return active.get(active.size() - 1);
    }

    int height() {
        return active.size() - 1;
    }

    Optional<BlockEntry> block(BlockHash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    Optional<BlockEntry> activeAt(int height) {
        return height < 0 || height >= active.size() ? Optional.empty() : Optional.of(active.get(height));
    }

    boolean isActive(BlockEntry entry) {
        return entry.height() < active.size() && active.get(entry.height()) == entry;
    }

    List<BlockEntry> leaves() {
        return List.copyOf(leaves);
    }

    Optional<Coin> utxo(OutPoint outPoint) {
        return Optional.ofNullable(utxos.get(outPoint));
    }

    Map<OutPoint, Coin> utxosPaying(ByteVector script) {
        Map<OutPoint, Coin> found = new HashMap<>();
        utxos.forEach((op, coin) -> {
            if (coin.output().publicKeyScript.equals(script)) {
                found.put(op, coin);
            }
        });
        return found;
    }

    /** Whether {@code tx} creates an output that is still unspent (bitcoind's {@code txn-already-known}). */
    boolean hasUnspentOutput(Transaction tx) {
        for (int o = 0; o < tx.txOut.size(); o++) {
            if (utxos.containsKey(new OutPoint(tx.txid, o))) {
                return true;
            }
        }
        return false;
    }

    Optional<TxLocation> confirmed(TxId txid) {
        return Optional.ofNullable(txIndex.get(txid));
    }

    List<BlockEntry> activeChain() {
        return Collections.unmodifiableList(active);
    }

    /** Whether a new block would collide with a known block or coinbase (BIP30). */
    boolean known(Block block) {
        return coinbaseTxids.contains(block.tx.get(0).txid) || blocks.containsKey(block.hash);
    }

    // ---------------------------------------------------------------- new blocks

    /** Adds a block to the tree (not to the active chain; see {@link #activateBestChain}). */
    BlockEntry addBlock(Block block, BlockEntry parent) {
        BlockEntry entry = new BlockEntry(block, parent, nextSequenceId++);
        blocks.put(entry.hash(), entry);
        leaves.remove(parent);
        leaves.add(entry);
        coinbaseTxids.add(block.tx.get(0).txid);
        return entry;
    }

    /** ContextualCheckBlock + ConnectBlock checks of {@code block} on top of {@code parent} (the tip). */
    Optional<String> validateBlock(BlockEntry parent, Block block) {
        Optional<String> header = checkHeader(parent, block);
        if (header.isPresent()) {
            return header;
        }
        int height = parent.height() + 1;
        Map<OutPoint, Coin> created = new HashMap<>();
        Set<OutPoint> spent = new HashSet<>();
        long fees = 0;
        int weight = 0;
        for (int t = 0; t < block.tx.size(); t++) {
            Transaction tx = block.tx.get(t);
            weight += tx.weight();
            Optional<String> structural = ConsensusChecks.checkTransaction(tx);
            if (structural.isPresent()) {
                return structural;
            }
            if (tx.isCoinbase() != (t == 0)) {
                return Optional.of(t == 0 ? "bad-cb-missing" : "bad-cb-multiple");
            }
            if (!ConsensusChecks.isFinal(tx, height, parent.medianTimePast())) {
                return Optional.of("bad-txns-nonfinal");
            }
            if (t > 0) {
                List<Coin> coins = new ArrayList<>();
                for (TxIn in : tx.txIn) {
                    Coin c = spent.contains(in.outPoint) ? null : created.getOrDefault(in.outPoint, utxos.get(in.outPoint));
                    if (c == null) {
                        return Optional.of("bad-txns-inputs-missingorspent");
                    }
                    coins.add(c);
                }
                InputsCheck inputs = ConsensusChecks.checkTxInputs(tx, coins, height);
                if (inputs instanceof InputsCheck.Refused refused) {
                    return Optional.of(refused.rejection().reason());
                }
                if (inputs instanceof InputsCheck.Fee fee) {
                    fees += fee.sat();
                }
                if (!ConsensusChecks.sequenceLocksSatisfied(tx, coins, parent)) {
                    return Optional.of("bad-txns-nonfinal");
                }
                boolean verified = mempool.get(tx.txid).map(e -> e.wtxid().equals(Txs.wtxid(tx))).orElse(false);
                if (!verified) {
                    Optional<TxRejection> scripts = ConsensusChecks.checkScripts(tx, Txs.wtxid(tx), coins,
                            Regtest.BLOCK_SCRIPT_FLAGS, "block-script-verify-flag-failed");
                    if (scripts.isPresent()) {
                        return Optional.of(scripts.get().message());
                    }
                }
                for (TxIn in : tx.txIn) {
                    spent.add(in.outPoint);
                }
            }
            for (int o = 0; o < tx.txOut.size(); o++) {
                created.put(new OutPoint(tx.txid, o), new Coin(tx.txOut.get(o), height, t == 0));
            }
        }
        if (weight + 4 * (80 + BlockEntry.varIntSize(block.tx.size())) > Regtest.MAX_BLOCK_WEIGHT) {
            return Optional.of("bad-blk-weight");
        }
        return checkCoinbase(block.tx.get(0), height, fees);
    }

    private static Optional<String> checkHeader(BlockEntry parent, Block block) {
        if (!block.header.hashPreviousBlock.equals(parent.hash())) {
            return Optional.of("prev-blk-not-found");
        }
        if (!BlockHeader.checkProofOfWork(block.header)) {
            return Optional.of("high-hash");
        }
        if (block.header.time <= parent.medianTimePast()) {
            return Optional.of("time-too-old");
        }
        if (!BlockAssembler.merkleRoot(block.tx).equals(block.header.hashMerkleRoot)) {
            return Optional.of("bad-txnmrklroot");
        }
        return Optional.empty();
    }

    private static Optional<String> checkCoinbase(Transaction coinbase, int height, long fees) {
        long paid = coinbase.txOut.stream().mapToLong(o -> o.amount.getSat()).sum();
        if (paid > Regtest.subsidy(height) + fees) {
            return Optional.of("bad-cb-amount");
        }
        byte[] expectedStart = BlockAssembler.heightPush(height);
        byte[] sig = coinbase.txIn.get(0).signatureScript.toByteArray();
        if (sig.length < expectedStart.length || !Arrays.equals(Arrays.copyOf(sig, expectedStart.length), expectedStart)) {
            return Optional.of("bad-cb-height");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- chain switching

    /** The most-work valid block, first seen winning ties ({@code FindMostWorkChain}). */
    private BlockEntry bestCandidate() {
        BlockEntry best = null;
        for (BlockEntry leaf : leaves) {
            BlockEntry candidate = leaf;
            for (BlockEntry e = leaf; e != null; e = e.parent()) {
                if (e.failed()) {
                    candidate = e.parent();
                }
            }
            if (candidate != null && (best == null || candidate.chainWork().compareTo(best.chainWork()) > 0
                    || candidate.chainWork().equals(best.chainWork()) && candidate.sequenceId() < best.sequenceId())) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * {@code ActivateBestChain}: disconnect to the fork, connect the best branch (a block that fails to connect
     * is marked failed and the next best is tried), then update the mempool and signal the new tip.
     */
    void activateBestChain() {
        List<Block> disconnected = new ArrayList<>();
        boolean connectedAny = false;
        while (true) {
            BlockEntry best = bestCandidate();
            BlockEntry tip = tip();
            boolean tipStillValid = !tip.failedOrDescendsFromFailed();
            if (best == tip || tipStillValid && best.chainWork().compareTo(tip.chainWork()) <= 0) {
                break;
            }
            BlockEntry fork = fork(tip, best);
            while (tip() != fork) {
                disconnected.add(0, disconnectTip());
            }
            List<BlockEntry> path = new ArrayList<>();
            for (BlockEntry e = best; e != fork; e = e.parent()) {
                path.add(0, e);
            }
            for (BlockEntry e : path) {
                Optional<String> invalid = validateBlock(tip(), e.block());
                if (invalid.isPresent()) {
                    e.markFailed();
                    break;
                }
                connectTip(e);
                connectedAny = true;
            }
        }
        if (!disconnected.isEmpty()) {
            mempoolReorg.afterDisconnect(disconnected);
        }
        if (connectedAny) {
            signals.emit(new ChainEvent.TipUpdated(tip().block(), tip().height()));
        }
    }

    private static BlockEntry fork(BlockEntry a, BlockEntry b) {
        while (a.height() > b.height()) {
            a = a.parent();
        }
        while (b.height() > a.height()) {
            b = b.parent();
        }
        while (a != b) {
            a = a.parent();
            b = b.parent();
        }
        return a;
    }

    /** ConnectTip: apply to the UTXO set and index, then the mempool's removeForBlock, then BlockConnected. */
    private void connectTip(BlockEntry entry) {
        List<BlockEntry.SpentCoin> undo = new ArrayList<>();
        List<Transaction> txs = entry.block().tx;
        for (int t = 0; t < txs.size(); t++) {
            Transaction tx = txs.get(t);
            if (t > 0) {
                for (TxIn in : tx.txIn) {
                    undo.add(new BlockEntry.SpentCoin(in.outPoint, utxos.remove(in.outPoint)));
                }
            }
            for (int o = 0; o < tx.txOut.size(); o++) {
                TxOut out = tx.txOut.get(o);
                if (!ScriptType.isUnspendable(out.publicKeyScript.toByteArray())) {
                    utxos.put(new OutPoint(tx.txid, o), new Coin(out, entry.height(), t == 0));
                }
            }
            txIndex.put(tx.txid, new TxLocation(entry, t));
        }
        entry.setUndo(undo);
        active.add(entry);
        // CTxMemPool::removeForBlock: included transactions leave silently (the block says it), conflicts
        // leave with their descendants as CONFLICT.
        for (int t = 1; t < txs.size(); t++) {
            Transaction tx = txs.get(t);
            if (mempool.remove(tx.txid) != null) {
                mempool.nextSequence();
            }
            for (TxIn in : tx.txIn) {
                Optional<TxId> conflict = mempool.spender(in.outPoint);
                if (conflict.isPresent()) {
                    signals.removeFromMempool(mempool, mempool.withDescendants(conflict.get()), RemovalReason.CONFLICT);
                }
            }
        }
        signals.emit(new ChainEvent.BlockConnected(entry.block(), entry.height()));
    }

    /** DisconnectTip: undo the tip's UTXO changes and index entries, then BlockDisconnected. */
    private Block disconnectTip() {
        BlockEntry entry = active.remove(active.size() - 1);
        List<Transaction> txs = entry.block().tx;
        for (int t = txs.size() - 1; t >= 0; t--) {
            Transaction tx = txs.get(t);
            for (int o = 0; o < tx.txOut.size(); o++) {
                utxos.remove(new OutPoint(tx.txid, o));
            }
            TxLocation at = txIndex.get(tx.txid);
            if (at != null && at.block() == entry) {
                txIndex.remove(tx.txid);
            }
        }
        for (BlockEntry.SpentCoin spent : entry.undo()) {
            utxos.put(spent.outPoint(), spent.coin());
        }
        entry.setUndo(List.of());
        signals.emit(new ChainEvent.BlockDisconnected(entry.block(), entry.height()));
        return entry.block();
    }

    /**
     * {@code invalidateblock}: mark the block and its descendants failed, disconnect back to its parent
     * (disconnected transactions return to the mempool where still valid), then activate the best valid chain.
     *
     * @return false if the block is unknown
     */
    boolean invalidate(BlockHash hash) {
        BlockEntry target = blocks.get(hash);
        if (target == null) {
            return false;
        }
        if (target.height() == 0) {
            return true; // bitcoind refuses to invalidate genesis; nothing to do
        }
        target.markFailed();
        List<Block> disconnected = new ArrayList<>();
        if (isActive(target)) {
            while (tip() != target.parent()) {
                disconnected.add(0, disconnectTip());
            }
        }
        if (!disconnected.isEmpty()) {
            mempoolReorg.afterDisconnect(disconnected);
        }
        activateBestChain();
        return true;
    }

    /** {@code reconsiderblock}: clear the failed marks of the block, its ancestors and descendants. */
    boolean reconsider(BlockHash hash) {
        BlockEntry target = blocks.get(hash);
        if (target == null) {
            return false;
        }
        for (BlockEntry e : blocks.values()) {
            if (e.ancestor(target.height()) == target || target.ancestor(e.height()) == e) {
                e.clearFailed();
            }
        }
        activateBestChain();
        return true;
    }
}
