package dev.vigil.devnet.chain;

import dev.vigil.devnet.chain.ChainEvent.RemovalReason;
import dev.vigil.devnet.chain.ConsensusChecks.InputsCheck;
import dev.vigil.devnet.chain.ReplacementPolicy.Replacement;
import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Mempool acceptance in {@code validation.cpp}'s {@code MemPoolAccept} order (PreChecks, ReplacementChecks,
 * PolicyScriptChecks, then Finalize), with the replacement rules of {@link ReplacementPolicy}, and the
 * mempool's side of a reorg ({@code MaybeUpdateMempoolForReorg}). Owned by the node's thread.
 */
final class MempoolAcceptance {
    /** What {@link #evaluate} decided: enter (with a plan), already there, or refused. */
    private sealed interface Evaluation {
        AcceptResult toResult(Transaction tx);

        /** Everything {@link #apply} needs: the entry to add and the replaced entries to evict first. */
        record Plan(Transaction tx, TxId wtxid, long fee, int vsize, Set<TxId> evict) implements Evaluation {
            public Plan {
                Objects.requireNonNull(tx, "tx");
                Objects.requireNonNull(wtxid, "wtxid");
                Objects.requireNonNull(evict, "evict");
            }

            @Override
            public AcceptResult toResult(Transaction offered) {
                return new AcceptResult.Accepted(offered, fee, vsize);
            }
        }

        /** The same wtxid is already in the mempool. */
        record AlreadyInMempool() implements Evaluation {
            @Override
            public AcceptResult toResult(Transaction offered) {
                return new AcceptResult.AlreadyInMempool(offered);
            }
        }

        record Refused(TxRejection rejection) implements Evaluation {
            public Refused {
                Objects.requireNonNull(rejection, "rejection");
            }

            @Override
            public AcceptResult toResult(Transaction offered) {
                return new AcceptResult.Rejected(offered, rejection);
            }
        }
    }

    private final RegtestNode.Settings settings;
    private final ChainState chain;
    private final Mempool mempool;
    private final Signals signals;

    MempoolAcceptance(RegtestNode.Settings settings, ChainState chain, Mempool mempool, Signals signals) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.mempool = Objects.requireNonNull(mempool, "mempool");
        this.signals = Objects.requireNonNull(signals, "signals");
    }

    /** {@code testmempoolaccept} for one transaction: every check, nothing changes. */
    AcceptResult testAccept(Transaction tx) {
        return evaluate(tx, false).toResult(tx);
    }

    /** {@code AcceptToMemoryPool}: on success the transaction enters the mempool, evicting what it replaces. */
    AcceptResult submit(Transaction tx) {
        Evaluation outcome = evaluate(tx, false);
        if (outcome instanceof Evaluation.Plan plan) {
            apply(plan);
        }
        return outcome.toResult(tx);
    }

    /**
     * {@code testmempoolaccept} for a package (parents before children): each transaction is checked with the
     * earlier ones provisionally in the mempool; after the first failure the rest are not evaluated (empty).
     */
    List<Optional<AcceptResult>> testAcceptPackage(List<Transaction> txs) {
        List<Optional<AcceptResult>> results = new ArrayList<>();
        List<Evaluation.Plan> applied = new ArrayList<>();
        List<List<MempoolEntry>> evicted = new ArrayList<>();
        long savedSequence = mempool.sequence();
        boolean wasMuted = signals.mute();
        try {
            boolean failed = false;
            for (Transaction tx : txs) {
                if (failed) {
                    results.add(Optional.empty());
                    continue;
                }
                Evaluation outcome = evaluate(tx, false);
                results.add(Optional.of(outcome.toResult(tx)));
                if (outcome instanceof Evaluation.Plan plan) {
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
            signals.restore(wasMuted);
        }
        return results;
    }

    /** MemPoolAccept::PreChecks, ReplacementChecks and PolicyScriptChecks, in Core's order. */
    private Evaluation evaluate(Transaction tx, boolean bypassLimits) {
        Optional<String> structural = ConsensusChecks.checkTransaction(tx);
        if (structural.isPresent()) {
            return refused(structural.get());
        }
        if (tx.isCoinbase()) {
            return refused("coinbase");
        }
        Optional<String> standard = Policy.standardTxProblem(tx, settings.dustRelayFeeSatPerKvB());
        if (standard.isPresent()) {
            return refused(standard.get());
        }
        if (Txs.strippedSize(tx) < Policy.MIN_STANDARD_TX_NONWITNESS_SIZE) {
            return refused("tx-size-small");
        }
        BlockEntry tip = chain.tip();
        int nextHeight = tip.height() + 1;
        if (!ConsensusChecks.isFinal(tx, nextHeight, tip.medianTimePast())) {
            return refused("non-final");
        }
        TxId wtxid = Txs.wtxid(tx);
        if (mempool.containsWtxid(wtxid)) {
            return new Evaluation.AlreadyInMempool();
        }
        if (mempool.contains(tx.txid)) {
            return refused("txn-same-nonwitness-data-in-mempool");
        }
        Set<TxId> conflicts = new LinkedHashSet<>();
        for (TxIn in : tx.txIn) {
            mempool.spender(in.outPoint).ifPresent(conflicts::add);
        }
        List<Coin> coins = new ArrayList<>(tx.txIn.size());
        for (TxIn in : tx.txIn) {
            Optional<Coin> coin = mempoolView(in.outPoint);
            if (coin.isEmpty()) {
                if (chain.hasUnspentOutput(tx)) {
                    return refused("txn-already-known");
                }
                return new Evaluation.Refused(
                        new TxRejection(TxRejection.Kind.MISSING_INPUTS, "bad-txns-inputs-missingorspent", ""));
            }
            coins.add(coin.get());
        }
        if (!ConsensusChecks.sequenceLocksSatisfied(tx, coins, tip)) {
            return refused("non-BIP68-final");
        }
        InputsCheck inputs = ConsensusChecks.checkTxInputs(tx, coins, nextHeight);
        if (inputs instanceof InputsCheck.Refused refused) {
            return new Evaluation.Refused(refused.rejection());
        }
        long fee = ((InputsCheck.Fee) inputs).sat(); // the only other outcome
        if (!Policy.inputsStandard(coins)) {
            return refused("bad-txns-nonstandard-inputs");
        }
        if (Txs.hasWitness(tx) && !Policy.witnessStandard(tx, coins)) {
            return refused("bad-witness-nonstandard");
        }
        int vsize = Txs.vsize(tx);
        // policy/ephemeral_policy.cpp PreCheckEphemeralTx: dust is only allowed in a 0-fee transaction.
        if (fee != 0 && Policy.dustCount(tx, settings.dustRelayFeeSatPerKvB()) > 0) {
            return new Evaluation.Refused(TxRejection.invalid("dust", "tx with dust output must be 0-fee"));
        }
        long minFee = Money.feeForSize(settings.minRelayFeeSatPerKvB(), vsize);
        if (!bypassLimits && tx.version != 3 && fee < minFee) {
            return new Evaluation.Refused(TxRejection.invalid("min relay fee not met",
                    String.format(Locale.ROOT, "%d < %d", fee, minFee)));
        }
        Set<TxId> evict = Set.of();
        if (!conflicts.isEmpty()) {
            Replacement rbf = ReplacementPolicy.check(mempool, settings.incrementalRelayFeeSatPerKvB(), tx, fee,
                    vsize, conflicts);
            if (rbf instanceof Replacement.Refused refused) {
                return new Evaluation.Refused(refused.rejection());
            }
            if (rbf instanceof Replacement.Evicts evicts) {
                evict = evicts.txids();
            }
        }
        Optional<TxRejection> scripts = ConsensusChecks.checkScripts(tx, wtxid, coins, Regtest.STANDARD_SCRIPT_FLAGS,
                "mempool-script-verify-flag-failed");
        if (scripts.isPresent()) {
            return new Evaluation.Refused(scripts.get());
        }
        return new Evaluation.Plan(tx, wtxid, fee, vsize, evict);
    }

    private static Evaluation refused(String reason) {
        return new Evaluation.Refused(TxRejection.invalid(reason));
    }

    /** The coins view of the mempool ({@code CCoinsViewMemPool}): UTXO set, then mempool outputs. */
    private Optional<Coin> mempoolView(OutPoint outPoint) {
        Optional<Coin> coin = chain.utxo(outPoint);
        if (coin.isPresent()) {
            return coin;
        }
        Optional<MempoolEntry> parent = mempool.get(outPoint.txid);
        if (parent.isPresent() && outPoint.index < parent.get().tx().txOut.size()) {
            return Optional.of(new Coin(parent.get().tx().txOut.get((int) outPoint.index), Coin.MEMPOOL_HEIGHT, false));
        }
        return Optional.empty();
    }

    private void apply(Evaluation.Plan plan) {
        signals.removeFromMempool(mempool, plan.evict(), RemovalReason.REPLACED);
        long sequence = mempool.nextSequence();
        mempool.add(new MempoolEntry(plan.tx(), plan.tx().txid, plan.wtxid(), plan.fee(), plan.vsize(),
                plan.tx().weight(), settings.clockSeconds().getAsLong(), chain.height(), sequence));
        signals.emit(new ChainEvent.TxAdded(plan.tx(), sequence));
    }

    /**
     * {@code MaybeUpdateMempoolForReorg}: disconnected transactions go back (policy checked, fee floors
     * bypassed), then everything that is no longer valid at the new tip leaves as REORG.
     */
    void afterDisconnect(List<Block> disconnectedOldestFirst) {
        for (Block block : disconnectedOldestFirst) {
            for (int t = 1; t < block.tx.size(); t++) {
                Transaction tx = block.tx.get(t);
                if (chain.confirmed(tx.txid).isPresent() || mempool.contains(tx.txid)) {
                    continue;
                }
                if (evaluate(tx, true) instanceof Evaluation.Plan plan && plan.evict().isEmpty()) {
                    apply(plan);
                }
            }
        }
        BlockEntry tip = chain.tip();
        for (MempoolEntry entry : mempool.topologicalOrder()) {
            if (mempool.contains(entry.txid()) && !stillValid(entry.tx(), tip)) {
                signals.removeFromMempool(mempool, mempool.withDescendants(entry.txid()), RemovalReason.REORG);
            }
        }
    }

    private boolean stillValid(Transaction tx, BlockEntry tip) {
        boolean keep = ConsensusChecks.isFinal(tx, tip.height() + 1, tip.medianTimePast());
        List<Coin> coins = new ArrayList<>();
        for (TxIn in : tx.txIn) {
            Optional<Coin> c = mempoolView(in.outPoint);
            if (c.isEmpty()) {
                return false;
            }
            if (c.get().coinbase() && tip.height() + 1 - c.get().height() < Regtest.COINBASE_MATURITY) {
                keep = false;
            }
            coins.add(c.get());
        }
        return keep && ConsensusChecks.sequenceLocksSatisfied(tx, coins, tip);
    }
}
