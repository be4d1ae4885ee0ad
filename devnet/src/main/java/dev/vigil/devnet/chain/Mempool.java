package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mempool's bookkeeping ({@code CTxMemPool}): entries by txid and wtxid, which entry spends which outpoint,
 * and the mempool sequence that every addition and removal takes ({@code GetAndIncrementSequence}, starting at
 * 1). The acceptance rules live in {@link MempoolAcceptance}. Owned by the node's thread.
 */
public final class Mempool {
    private final Map<TxId, MempoolEntry> byTxid = new LinkedHashMap<>();
    private final Map<TxId, TxId> txidByWtxid = new HashMap<>();
    private final Map<OutPoint, TxId> spenders = new HashMap<>();
    private long sequence = 1;

    public Optional<MempoolEntry> get(TxId txid) {
        return Optional.ofNullable(byTxid.get(txid));
    }

    public boolean containsWtxid(TxId wtxid) {
        return txidByWtxid.containsKey(wtxid);
    }

    public boolean contains(TxId txid) {
        return byTxid.containsKey(txid);
    }

    /** The mempool transaction spending {@code outPoint}, if any. */
    public Optional<TxId> spender(OutPoint outPoint) {
        return Optional.ofNullable(spenders.get(outPoint));
    }

    public Collection<MempoolEntry> entries() {
        return Collections.unmodifiableCollection(byTxid.values());
    }

    public int size() {
        return byTxid.size();
    }

    /** The current mempool sequence ({@code getrawmempool}'s {@code mempool_sequence}). */
    public long sequence() {
        return sequence;
    }

    long nextSequence() {
        return sequence++;
    }

    void restoreSequence(long value) {
        this.sequence = value;
    }

    void add(MempoolEntry entry) {
        byTxid.put(entry.txid(), entry);
        txidByWtxid.put(entry.wtxid(), entry.txid());
        for (TxIn in : entry.tx().txIn) {
            spenders.put(in.outPoint, entry.txid());
        }
    }

    MempoolEntry remove(TxId txid) {
        MempoolEntry entry = byTxid.remove(txid);
        if (entry != null) {
            txidByWtxid.remove(entry.wtxid());
            for (TxIn in : entry.tx().txIn) {
                spenders.remove(in.outPoint, txid);
            }
        }
        return entry;
    }

    /** In-mempool parents of {@code tx} (the entries whose outputs it spends). */
    public Set<TxId> parents(Transaction tx) {
        Set<TxId> parents = new LinkedHashSet<>();
        for (TxIn in : tx.txIn) {
            if (byTxid.containsKey(in.outPoint.txid)) {
                parents.add(in.outPoint.txid);
            }
        }
        return parents;
    }

    /** In-mempool children of the entry {@code txid}. */
    public Set<TxId> children(TxId txid) {
        Set<TxId> children = new LinkedHashSet<>();
        MempoolEntry entry = byTxid.get(txid);
        if (entry == null) {
            return children;
        }
        for (int i = 0; i < entry.tx().txOut.size(); i++) {
            TxId child = spenders.get(new OutPoint(txid, i));
            if (child != null) {
                children.add(child);
            }
        }
        return children;
    }

    /** All in-mempool ancestors of {@code tx}, not including itself. */
    public Set<TxId> ancestors(Transaction tx) {
        Set<TxId> seen = new LinkedHashSet<>();
        List<TxId> todo = new ArrayList<>(parents(tx));
        while (!todo.isEmpty()) {
            TxId id = todo.remove(todo.size() - 1);
            if (seen.add(id)) {
                todo.addAll(parents(byTxid.get(id).tx()));
            }
        }
        return seen;
    }

    /** The entry and all its in-mempool descendants, parents before children. */
    public Set<TxId> withDescendants(TxId txid) {
        Set<TxId> seen = new LinkedHashSet<>();
        List<TxId> todo = new ArrayList<>(List.of(txid));
        while (!todo.isEmpty()) {
            TxId id = todo.remove(0);
            if (byTxid.containsKey(id) && seen.add(id)) {
                todo.addAll(children(id));
            }
        }
        return seen;
    }

    /** Every entry, each after its in-mempool parents (the order a block must list them in). */
    public List<MempoolEntry> topologicalOrder() {
        List<MempoolEntry> ordered = new ArrayList<>(byTxid.size());
        Set<TxId> placed = new LinkedHashSet<>();
        for (TxId id : byTxid.keySet()) {
            place(id, placed, ordered);
        }
        return ordered;
    }

    private void place(TxId id, Set<TxId> placed, List<MempoolEntry> ordered) {
        if (placed.contains(id)) {
            return;
        }
        MempoolEntry entry = byTxid.get(id);
        placed.add(id);
        for (TxId parent : parents(entry.tx())) {
            place(parent, placed, ordered);
        }
        ordered.add(entry);
    }
}
