package dev.vigil.devnet.chain;

import dev.vigil.devnet.chain.ChainEvent.RemovalReason;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.BlockHash;
import fr.acinq.bitcoin.BlockHeader;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Script;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A regtest node's chain state: the block tree, the active chain, the UTXO set, a full transaction index and
 * the mempool, with bitcoind's validation order and reject reasons ({@code validation.cpp} MemPoolAccept,
 * ConnectBlock/DisconnectBlock, ActivateBestChain, InvalidateBlock).
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

        public static Settings core30Defaults() {
            return new Settings(100, 100, Policy.DEFAULT_DUST_RELAY_FEE, () -> System.currentTimeMillis() / 1000);
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

    private record Plan(Transaction tx, TxId wtxid, long fee, int vsize, Set<TxId> evict) {
    }

    private static final long SEQUENCE_FINAL = 0xffffffffL;
    private static final long SEQUENCE_DISABLE_FLAG = 1L << 31;
    private static final long SEQUENCE_TYPE_FLAG = 1L << 22;
    private static final long SEQUENCE_MASK = 0x0000ffffL;
    private static final int MAX_REPLACEMENT_CANDIDATES = 100;

    private final Settings settings;
    private final Consumer<ChainEvent> listener;
    private final Map<BlockHash, BlockEntry> blocks = new HashMap<>();
    private final Set<BlockEntry> leaves = new LinkedHashSet<>();
    private final List<BlockEntry> active = new ArrayList<>();
    private final Map<OutPoint, Coin> utxos = new HashMap<>();
    private final Map<TxId, TxLocation> txIndex = new HashMap<>();
    private final Set<TxId> coinbaseTxids = new HashSet<>();
    private final Mempool mempool = new Mempool();
    private long nextSequenceId;
    private boolean muted;

    public RegtestNode(Settings settings, Consumer<ChainEvent> listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        BlockEntry genesis = new BlockEntry(Regtest.GENESIS, null, nextSequenceId++);
        blocks.put(genesis.hash(), genesis);
        leaves.add(genesis);
        // The genesis coinbase output is not spendable: bitcoind never adds it to the coins view.
        active.add(genesis);
        txIndex.put(Regtest.GENESIS.tx.get(0).txid, new TxLocation(genesis, 0));
    }

    public Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reads

    public BlockEntry tip() {
        return active.get(active.size() - 1);
    }

    public int height() {
        return active.size() - 1;
    }

    public Optional<BlockEntry> block(BlockHash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    /** The active-chain block at {@code height}, if any. */
    public Optional<BlockEntry> activeAt(int height) {
        return height < 0 || height >= active.size() ? Optional.empty() : Optional.of(active.get(height));
    }

    public boolean isActive(BlockEntry entry) {
        return entry.height() < active.size() && active.get(entry.height()) == entry;
    }

    /** Every block with no child ({@code getchaintips}). */
    public List<BlockEntry> leaves() {
        return List.copyOf(leaves);
    }

    public Optional<Coin> utxo(OutPoint outPoint) {
        return Optional.ofNullable(utxos.get(outPoint));
    }

    /** Confirmed unspent outputs paying {@code script}. */
    public Map<OutPoint, Coin> utxosPaying(ByteVector script) {
        Map<OutPoint, Coin> found = new HashMap<>();
        utxos.forEach((op, coin) -> {
            if (coin.output().publicKeyScript.equals(script)) {
                found.put(op, coin);
            }
        });
        return found;
    }

    /** A confirmed transaction on the active chain ({@code -txindex}). */
    public Optional<TxLocation> confirmed(TxId txid) {
        return Optional.ofNullable(txIndex.get(txid));
    }

    public Mempool mempool() {
        return mempool;
    }

    /** The time a new block gets: {@code max(MTP(tip) + 1, now)} as {@code UpdateTime} in node/miner.cpp. */
    public long nextBlockTime() {
        return Math.max(tip().medianTimePast() + 1, settings.clockSeconds().getAsLong());
    }

    // ---------------------------------------------------------------- mempool acceptance

    /** {@code testmempoolaccept} for one transaction: every check, nothing changes. */
    public AcceptResult testAccept(Transaction tx) {
        return toResult(tx, evaluate(tx, false));
    }

    /** {@code AcceptToMemoryPool}: on success the transaction enters the mempool, evicting what it replaces. */
    public AcceptResult submit(Transaction tx) {
        Object outcome = evaluate(tx, false);
        if (outcome instanceof Plan plan) {
            apply(plan);
        }
        return toResult(tx, outcome);
    }

    /**
     * {@code testmempoolaccept} for a package (parents before children): each transaction is checked with the
     * earlier ones provisionally in the mempool; after the first failure the rest are not evaluated (empty).
     */
    public List<Optional<AcceptResult>> testAcceptPackage(List<Transaction> txs) {
        List<Optional<AcceptResult>> results = new ArrayList<>();
        List<Plan> applied = new ArrayList<>();
        List<List<MempoolEntry>> evicted = new ArrayList<>();
        long savedSequence = mempool.sequence();
        boolean wasMuted = muted;
        muted = true;
        try {
            boolean failed = false;
            for (Transaction tx : txs) {
                if (failed) {
                    results.add(Optional.empty());
                    continue;
                }
                Object outcome = evaluate(tx, false);
                results.add(Optional.of(toResult(tx, outcome)));
                if (outcome instanceof Plan plan) {
                    List<MempoolEntry> removed = new ArrayList<>();
                    for (TxId id : plan.evict()) {
                        mempool.get(id).ifPresent(removed::add);
                    }
                    evicted.add(removed);
                    apply(plan);
                    applied.add(plan);
                } else {
                    failed = true;
                }
            }
        } finally {
            for (int i = applied.size() - 1; i >= 0; i--) {
                mempool.remove(applied.get(i).tx().txid);
                evicted.get(i).forEach(mempool::add);
            }
            mempool.restoreSequence(savedSequence);
            muted = wasMuted;
        }
        return results;
    }

    private AcceptResult toResult(Transaction tx, Object outcome) {
        if (outcome instanceof Plan plan) {
            return new AcceptResult.Accepted(tx, plan.fee(), plan.vsize());
        }
        if (outcome instanceof TxRejection rejection) {
            return new AcceptResult.Rejected(tx, rejection);
        }
        return new AcceptResult.AlreadyInMempool(tx);
    }

    /** MemPoolAccept::PreChecks, ReplacementChecks and PolicyScriptChecks, in Core's order. */
    private Object evaluate(Transaction tx, boolean bypassLimits) {
        Optional<String> structural = checkTransaction(tx);
        if (structural.isPresent()) {
            return TxRejection.invalid(structural.get());
        }
        if (tx.isCoinbase()) {
            return TxRejection.invalid("coinbase");
        }
        Optional<String> standard = Policy.standardTxProblem(tx, settings.dustRelayFeeSatPerKvB());
        if (standard.isPresent()) {
            return TxRejection.invalid(standard.get());
        }
        if (Txs.strippedSize(tx) < Policy.MIN_STANDARD_TX_NONWITNESS_SIZE) {
            return TxRejection.invalid("tx-size-small");
        }
        BlockEntry tip = tip();
        int nextHeight = tip.height() + 1;
        if (!isFinal(tx, nextHeight, tip.medianTimePast())) {
            return TxRejection.invalid("non-final");
        }
        TxId wtxid = Txs.wtxid(tx);
        if (mempool.containsWtxid(wtxid)) {
            return Boolean.TRUE; // already in mempool
        }
        if (mempool.contains(tx.txid)) {
            return TxRejection.invalid("txn-same-nonwitness-data-in-mempool");
        }
        Set<TxId> conflicts = new LinkedHashSet<>();
        for (TxIn in : tx.txIn) {
            mempool.spender(in.outPoint).ifPresent(conflicts::add);
        }
        List<Coin> coins = new ArrayList<>(tx.txIn.size());
        for (TxIn in : tx.txIn) {
            Coin coin = mempoolView(in.outPoint);
            if (coin == null) {
                for (int o = 0; o < tx.txOut.size(); o++) {
                    if (utxos.containsKey(new OutPoint(tx.txid, o))) {
                        return TxRejection.invalid("txn-already-known");
                    }
                }
                return new TxRejection(TxRejection.Kind.MISSING_INPUTS, "bad-txns-inputs-missingorspent", "");
            }
            coins.add(coin);
        }
        if (!sequenceLocksSatisfied(tx, coins, tip)) {
            return TxRejection.invalid("non-BIP68-final");
        }
        Object inputs = checkTxInputs(tx, coins, nextHeight);
        if (inputs instanceof TxRejection rejection) {
            return rejection;
        }
        long fee = (Long) inputs;
        if (!Policy.inputsStandard(coins)) {
            return TxRejection.invalid("bad-txns-nonstandard-inputs");
        }
        if (Txs.hasWitness(tx) && !Policy.witnessStandard(tx, coins)) {
            return TxRejection.invalid("bad-witness-nonstandard");
        }
        int vsize = Txs.vsize(tx);
        // policy/ephemeral_policy.cpp PreCheckEphemeralTx: dust is only allowed in a 0-fee transaction.
        if (fee != 0 && Policy.dustCount(tx, settings.dustRelayFeeSatPerKvB()) > 0) {
            return TxRejection.invalid("dust", "tx with dust output must be 0-fee");
        }
        long minFee = Money.feeForSize(settings.minRelayFeeSatPerKvB(), vsize);
        if (!bypassLimits && tx.version != 3 && fee < minFee) {
            return TxRejection.invalid("min relay fee not met", String.format(Locale.ROOT, "%d < %d", fee, minFee));
        }
        Set<TxId> evict = new LinkedHashSet<>();
        if (!conflicts.isEmpty()) {
            Object rbf = replacementChecks(tx, fee, vsize, conflicts);
            if (rbf instanceof TxRejection rejection) {
                return rejection;
            }
            @SuppressWarnings("unchecked")
            Set<TxId> all = (Set<TxId>) rbf;
            evict.addAll(all);
        }
        Optional<TxRejection> scripts = checkScripts(tx, wtxid, coins, Regtest.STANDARD_SCRIPT_FLAGS,
                "mempool-script-verify-flag-failed");
        if (scripts.isPresent()) {
            return scripts.get();
        }
        return new Plan(tx, wtxid, fee, vsize, evict);
    }

    /** The coins view of the mempool ({@code CCoinsViewMemPool}): UTXO set, then mempool outputs. */
    private Coin mempoolView(OutPoint outPoint) {
        Coin coin = utxos.get(outPoint);
        if (coin != null) {
            return coin;
        }
        Optional<MempoolEntry> parent = mempool.get(outPoint.txid);
        if (parent.isPresent() && outPoint.index < parent.get().tx().txOut.size()) {
            return new Coin(parent.get().tx().txOut.get((int) outPoint.index), Coin.MEMPOOL_HEIGHT, false);
        }
        return null;
    }

    /** policy/rbf.cpp as of Core 30 (full RBF, no feerate rule 6; PaysForRBF; feerate diagram). */
    private Object replacementChecks(Transaction tx, long fee, int vsize, Set<TxId> conflicts) {
        String txid = tx.txid.toString();
        Set<TxId> all = new LinkedHashSet<>();
        for (TxId conflict : conflicts) {
            all.addAll(mempool.withDescendants(conflict));
        }
        if (all.size() > MAX_REPLACEMENT_CANDIDATES) {
            return TxRejection.invalid("too many potential replacements", String.format(Locale.ROOT,
                    "rejecting replacement %s; too many potential replacements (%d > %d)", txid, all.size(),
                    MAX_REPLACEMENT_CANDIDATES));
        }
        for (TxId ancestor : mempool.ancestors(tx)) {
            if (conflicts.contains(ancestor)) {
                return TxRejection.invalid("bad-txns-spends-conflicting-tx",
                        String.format(Locale.ROOT, "%s spends conflicting transaction %s", txid, ancestor));
            }
        }
        long originalFees = 0;
        long originalSize = 0;
        for (TxId id : all) {
            MempoolEntry e = mempool.get(id).orElseThrow();
            originalFees += e.feeSat();
            originalSize += e.vsize();
        }
        if (fee < originalFees) {
            return TxRejection.invalid("insufficient fee", String.format(Locale.ROOT,
                    "rejecting replacement %s, less fees than conflicting txs; %s < %s", txid, Money.format(fee),
                    Money.format(originalFees)));
        }
        long additional = fee - originalFees;
        long relayFee = Money.feeForSize(settings.incrementalRelayFeeSatPerKvB(), vsize);
        if (additional < relayFee) {
            return TxRejection.invalid("insufficient fee", String.format(Locale.ROOT,
                    "rejecting replacement %s, not enough additional fees to relay; %s < %s", txid,
                    Money.format(additional), Money.format(relayFee)));
        }
        // ImprovesFeerateDiagram, for the single-chunk case the devnet meets: the new chunk must not have a
        // lower feerate than what it evicts (it already pays more in total).
        if (Math.multiplyExact(fee, originalSize) < Math.multiplyExact(originalFees, (long) vsize)) {
            return TxRejection.invalid("replacement-failed", "insufficient feerate: does not improve feerate diagram");
        }
        return all;
    }

    private void apply(Plan plan) {
        for (TxId id : plan.evict()) {
            MempoolEntry removed = mempool.remove(id);
            if (removed != null) {
                emit(new ChainEvent.TxRemoved(removed.tx(), mempool.nextSequence(), RemovalReason.REPLACED));
            }
        }
        long sequence = mempool.nextSequence();
        mempool.add(new MempoolEntry(plan.tx(), plan.tx().txid, plan.wtxid(), plan.fee(), plan.vsize(),
                plan.tx().weight(), settings.clockSeconds().getAsLong(), height(), sequence));
        emit(new ChainEvent.TxAdded(plan.tx(), sequence));
    }

    // ---------------------------------------------------------------- consensus helpers

    /** {@code CheckTransaction} in consensus/tx_check.cpp. */
    static Optional<String> checkTransaction(Transaction tx) {
        if (tx.txIn.isEmpty()) {
            return Optional.of("bad-txns-vin-empty");
        }
        if (tx.txOut.isEmpty()) {
            return Optional.of("bad-txns-vout-empty");
        }
        if (Txs.strippedSize(tx) * 4L > Regtest.MAX_BLOCK_WEIGHT) {
            return Optional.of("bad-txns-oversize");
        }
        long total = 0;
        for (TxOut out : tx.txOut) {
            long value = out.amount.getSat();
            if (value < 0) {
                return Optional.of("bad-txns-vout-negative");
            }
            if (value > Regtest.MAX_MONEY) {
                return Optional.of("bad-txns-vout-toolarge");
            }
            total += value;
            if (total > Regtest.MAX_MONEY) {
                return Optional.of("bad-txns-txouttotal-toolarge");
            }
        }
        Set<OutPoint> seen = new HashSet<>();
        for (TxIn in : tx.txIn) {
            if (!seen.add(in.outPoint)) {
                return Optional.of("bad-txns-inputs-duplicate");
            }
        }
        if (tx.isCoinbase()) {
            int len = tx.txIn.get(0).signatureScript.size();
            if (len < 2 || len > 100) {
                return Optional.of("bad-cb-length");
            }
        } else {
            for (TxIn in : tx.txIn) {
                if (OutPoint.isNull(in.outPoint)) {
                    return Optional.of("bad-txns-prevout-null");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code IsFinalTx}: final at {@code height} and {@code time} (median-time-past of the previous block). */
    static boolean isFinal(Transaction tx, int height, long time) {
        if (tx.lockTime == 0) {
            return true;
        }
        long cutoff = tx.lockTime < Transaction.LOCKTIME_THRESHOLD ? height : time;
        if (tx.lockTime < cutoff) {
            return true;
        }
        for (TxIn in : tx.txIn) {
            if (in.sequence != SEQUENCE_FINAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * BIP68 ({@code CalculateSequenceLocks} and {@code EvaluateSequenceLocks}) for a transaction in the block
     * after {@code prev}; mempool coins count as confirmed in that block.
     */
    private static boolean sequenceLocksSatisfied(Transaction tx, List<Coin> coins, BlockEntry prev) {
        if (tx.version < 2) {
            return true;
        }
        int blockHeight = prev.height() + 1;
        long minHeight = -1;
        long minTime = -1;
        for (int i = 0; i < tx.txIn.size(); i++) {
            long sequence = tx.txIn.get(i).sequence;
            if ((sequence & SEQUENCE_DISABLE_FLAG) != 0) {
                continue;
            }
            int coinHeight = coins.get(i).height() == Coin.MEMPOOL_HEIGHT ? blockHeight : coins.get(i).height();
            if ((sequence & SEQUENCE_TYPE_FLAG) != 0) {
                long coinTime = prev.ancestor(Math.max(coinHeight - 1, 0)).medianTimePast();
                minTime = Math.max(minTime, coinTime + ((sequence & SEQUENCE_MASK) << 9) - 1);
            } else {
                minHeight = Math.max(minHeight, coinHeight + (sequence & SEQUENCE_MASK) - 1);
            }
        }
        return minHeight < blockHeight && minTime < prev.medianTimePast();
    }

    /** {@code Consensus::CheckTxInputs}: maturity and amounts; the fee on success, else the rejection. */
    private static Object checkTxInputs(Transaction tx, List<Coin> coins, int spendHeight) {
        long valueIn = 0;
        for (Coin coin : coins) {
            if (coin.coinbase() && spendHeight - coin.height() < Regtest.COINBASE_MATURITY) {
                return TxRejection.invalid("bad-txns-premature-spend-of-coinbase",
                        "tried to spend coinbase at depth " + (spendHeight - coin.height()));
            }
            valueIn += coin.amountSat();
            if (coin.amountSat() < 0 || coin.amountSat() > Regtest.MAX_MONEY || valueIn > Regtest.MAX_MONEY) {
                return TxRejection.invalid("bad-txns-inputvalues-outofrange");
            }
        }
        long valueOut = 0;
        for (TxOut out : tx.txOut) {
            valueOut += out.amount.getSat();
        }
        if (valueIn < valueOut) {
            return TxRejection.invalid("bad-txns-in-belowout", String.format(Locale.ROOT, "value in (%s) < value out (%s)",
                    Money.format(valueIn), Money.format(valueOut)));
        }
        return valueIn - valueOut;
    }

    /**
     * {@code CheckInputScripts} with bitcoin-kmp's interpreter: the first failing input gives
     * {@code <prefix> (<ScriptErrorString>)} with Core's debug text naming the input.
     */
    private static Optional<TxRejection> checkScripts(Transaction tx, TxId wtxid, List<Coin> coins, int flags,
            String prefix) {
        List<TxOut> prevouts = new ArrayList<>(coins.size());
        for (Coin c : coins) {
            prevouts.add(c.output());
        }
        for (int i = 0; i < tx.txIn.size(); i++) {
            TxIn in = tx.txIn.get(i);
            TxOut prev = prevouts.get(i);
            String error = null;
            try {
                Script.Runner runner = new Script.Runner(new Script.Context(tx, i, prev.amount, prevouts), flags);
                if (!runner.verifyScripts(in.signatureScript, prev.publicKeyScript, in.witness)) {
                    error = "Script evaluated without error but finished with a false/empty top stack element";
                }
            } catch (RuntimeException e) {
                error = ScriptErrors.coreText(e);
            }
            if (error != null) {
                return Optional.of(TxRejection.invalid(prefix + " (" + error + ")",
                        String.format(Locale.ROOT, "input %d of %s (wtxid %s), spending %s:%d", i, tx.txid, wtxid,
                                in.outPoint.txid, in.outPoint.index)));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- mining

    /** {@code generatetoaddress}: {@code count} blocks on the tip, each with every mempool transaction that fits. */
    public MineResult mine(int count, ByteVector payTo) {
        List<BlockEntry> mined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Transaction> txs = new ArrayList<>();
            long fees = 0;
            int weight = 4000; // room for the header and coinbase, as BlockAssembler reserves
            for (MempoolEntry entry : mempool.topologicalOrder()) {
                if (weight + entry.weight() > Regtest.MAX_BLOCK_WEIGHT) {
                    break;
                }
                weight += entry.weight();
                txs.add(entry.tx());
                fees += entry.feeSat();
            }
            MineResult result = mineBlock(payTo, txs, fees);
            if (result instanceof MineResult.Mined m) {
                mined.addAll(m.blocks());
            } else {
                return result;
            }
        }
        return new MineResult.Mined(mined);
    }

    /**
     * {@code generateblock}: one block on the tip with exactly {@code txs}, in order, checked by consensus rules
     * only (no relay policy): the way to confirm a transaction the mempool would refuse.
     */
    public MineResult mineWith(ByteVector payTo, List<Transaction> txs) {
        Map<OutPoint, Coin> created = new HashMap<>();
        Set<OutPoint> spent = new HashSet<>();
        long fees = 0;
        for (Transaction tx : txs) {
            List<Coin> coins = new ArrayList<>();
            for (TxIn in : tx.txIn) {
                Coin c = spent.contains(in.outPoint) ? null : created.getOrDefault(in.outPoint, utxos.get(in.outPoint));
                if (c == null) {
                    return new MineResult.Invalid("bad-txns-inputs-missingorspent");
                }
                coins.add(c);
                spent.add(in.outPoint);
            }
            long in = coins.stream().mapToLong(Coin::amountSat).sum();
            long out = tx.txOut.stream().mapToLong(o -> o.amount.getSat()).sum();
            fees += Math.max(0, in - out);
            for (int o = 0; o < tx.txOut.size(); o++) {
                created.put(new OutPoint(tx.txid, o), new Coin(tx.txOut.get(o), height() + 1, false));
            }
        }
        return mineBlock(payTo, txs, fees);
    }

    private MineResult mineBlock(ByteVector payTo, List<Transaction> txs, long fees) {
        BlockEntry parent = tip();
        int extraNonce = 0;
        Block block = BlockAssembler.assemble(parent, nextBlockTime(), payTo, txs, fees, extraNonce);
        while (coinbaseTxids.contains(block.tx.get(0).txid) || blocks.containsKey(block.hash)) {
            // Same height, same script, same transactions on another branch: bitcoind's coinbase would collide
            // too (BIP30); a different extra nonce keeps every coinbase txid unique.
            block = BlockAssembler.assemble(parent, nextBlockTime(), payTo, txs, fees, ++extraNonce);
        }
        Optional<String> invalid = validateBlock(parent, block);
        if (invalid.isPresent()) {
            return new MineResult.Invalid(invalid.get());
        }
        BlockEntry entry = addBlock(block, parent);
        activateBestChain();
        if (!isActive(entry)) {
            return new MineResult.Invalid("bad-block");
        }
        return new MineResult.Mined(List.of(entry));
    }

    private BlockEntry addBlock(Block block, BlockEntry parent) {
        BlockEntry entry = new BlockEntry(block, parent, nextSequenceId++);
        blocks.put(entry.hash(), entry);
        leaves.remove(parent);
        leaves.add(entry);
        coinbaseTxids.add(block.tx.get(0).txid);
        return entry;
    }

    // ---------------------------------------------------------------- block validation and chain switching

    /** ContextualCheckBlock + ConnectBlock checks of {@code block} on top of {@code parent} (the tip). */
    private Optional<String> validateBlock(BlockEntry parent, Block block) {
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
        int height = parent.height() + 1;
        Map<OutPoint, Coin> created = new HashMap<>();
        Set<OutPoint> spent = new HashSet<>();
        long fees = 0;
        int weight = 0;
        for (int t = 0; t < block.tx.size(); t++) {
            Transaction tx = block.tx.get(t);
            weight += tx.weight();
            Optional<String> structural = checkTransaction(tx);
            if (structural.isPresent()) {
                return structural;
            }
            if (tx.isCoinbase() != (t == 0)) {
                return Optional.of(t == 0 ? "bad-cb-missing" : "bad-cb-multiple");
            }
            if (!isFinal(tx, height, parent.medianTimePast())) {
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
                Object inputs = checkTxInputs(tx, coins, height);
                if (inputs instanceof TxRejection rejection) {
                    return Optional.of(rejection.reason());
                }
                fees += (Long) inputs;
                if (!sequenceLocksSatisfied(tx, coins, parent)) {
                    return Optional.of("bad-txns-nonfinal");
                }
                boolean verified = mempool.get(tx.txid).map(e -> e.wtxid().equals(Txs.wtxid(tx))).orElse(false);
                if (!verified) {
                    Optional<TxRejection> scripts = checkScripts(tx, Txs.wtxid(tx), coins, Regtest.BLOCK_SCRIPT_FLAGS,
                            "block-script-verify-flag-failed");
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
        Transaction coinbase = block.tx.get(0);
        long paid = coinbase.txOut.stream().mapToLong(o -> o.amount.getSat()).sum();
        if (paid > Regtest.subsidy(height) + fees) {
            return Optional.of("bad-cb-amount");
        }
        byte[] expectedStart = BlockAssembler.heightPush(height);
        byte[] sig = coinbase.txIn.get(0).signatureScript.toByteArray();
        if (sig.length < expectedStart.length
                || !java.util.Arrays.equals(java.util.Arrays.copyOf(sig, expectedStart.length), expectedStart)) {
            return Optional.of("bad-cb-height");
        }
        return Optional.empty();
    }

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
    private void activateBestChain() {
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
            updateMempoolForReorg(disconnected);
        }
        if (connectedAny) {
            emit(new ChainEvent.TipUpdated(tip().block(), tip().height()));
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
                    removeWithDescendants(conflict.get(), RemovalReason.CONFLICT);
                }
            }
        }
        emit(new ChainEvent.BlockConnected(entry.block(), entry.height()));
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
        emit(new ChainEvent.BlockDisconnected(entry.block(), entry.height()));
        return entry.block();
    }

    /**
     * {@code MaybeUpdateMempoolForReorg}: disconnected transactions go back (policy checked, fee floors
     * bypassed), then everything that is no longer valid at the new tip leaves as REORG.
     */
    private void updateMempoolForReorg(List<Block> disconnectedOldestFirst) {
        for (Block block : disconnectedOldestFirst) {
            for (int t = 1; t < block.tx.size(); t++) {
                Transaction tx = block.tx.get(t);
                if (txIndex.containsKey(tx.txid) || mempool.contains(tx.txid)) {
                    continue;
                }
                Object outcome = evaluate(tx, true);
                if (outcome instanceof Plan plan && plan.evict().isEmpty()) {
                    apply(plan);
                }
            }
        }
        BlockEntry tip = tip();
        for (MempoolEntry entry : mempool.topologicalOrder()) {
            if (!mempool.contains(entry.txid())) {
                continue;
            }
            Transaction tx = entry.tx();
            boolean keep = isFinal(tx, tip.height() + 1, tip.medianTimePast());
            List<Coin> coins = new ArrayList<>();
            for (TxIn in : tx.txIn) {
                Coin c = mempoolView(in.outPoint);
                if (c == null) {
                    keep = false;
                    break;
                }
                if (c.coinbase() && tip.height() + 1 - c.height() < Regtest.COINBASE_MATURITY) {
                    keep = false;
                }
                coins.add(c);
            }
            if (keep && !sequenceLocksSatisfied(tx, coins, tip)) {
                keep = false;
            }
            if (!keep) {
                removeWithDescendants(entry.txid(), RemovalReason.REORG);
            }
        }
    }

    private void removeWithDescendants(TxId txid, RemovalReason reason) {
        for (TxId id : mempool.withDescendants(txid)) {
            MempoolEntry removed = mempool.remove(id);
            if (removed != null) {
                emit(new ChainEvent.TxRemoved(removed.tx(), mempool.nextSequence(), reason));
            }
        }
    }

    /**
     * {@code invalidateblock}: mark the block and its descendants failed, disconnect back to its parent
     * (disconnected transactions return to the mempool where still valid), then activate the best valid chain.
     *
     * @return false if the block is unknown
     */
    public boolean invalidate(BlockHash hash) {
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
            updateMempoolForReorg(disconnected);
        }
        activateBestChain();
        return true;
    }

    /** {@code reconsiderblock}: clear the failed marks of the block, its ancestors and descendants. */
    public boolean reconsider(BlockHash hash) {
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

    private void emit(ChainEvent event) {
        if (!muted) {
            listener.accept(event);
        }
    }

    /** A read-only view of the active chain, genesis first. */
    public List<BlockEntry> activeChain() {
        return Collections.unmodifiableList(active);
    }
}
