package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Replace-by-fee as {@code policy/rbf.cpp} has it in Core 30: full RBF (no signalling), no feerate rule 6,
 * the candidate limit, no spending of what is replaced, {@code PaysForRBF} and the feerate diagram.
 * Reads the mempool, changes nothing.
 */
final class ReplacementPolicy {
    private static final int MAX_REPLACEMENT_CANDIDATES = 100;

    /** What a replacement check found. */
    sealed interface Replacement {
        /**
         * Allowed: these entries (the conflicts and their descendants, parents first) leave when the transaction
         * enters, in this order.
         */
        record Evicts(Set<TxId> txids) implements Replacement {
            public Evicts {
                txids = Collections.unmodifiableSet(new LinkedHashSet<>(txids));
            }
        }

        /** Refused with Core's reject reason. */
        record Refused(TxRejection rejection) implements Replacement {
            public Refused {
                Objects.requireNonNull(rejection, "rejection");
            }
        }
    }

    private ReplacementPolicy() {
    }

    /** Checks {@code tx} (paying {@code fee} at {@code vsize}) against the mempool entries it conflicts with. */
    static Replacement check(Mempool mempool, long incrementalRelayFeeSatPerKvB, Transaction tx, long fee, int vsize,
            Set<TxId> conflicts) {
        String txid = tx.txid.toString();
        Set<TxId> all = new LinkedHashSet<>();
        for (TxId conflict : conflicts) {
            all.addAll(mempool.withDescendants(conflict));
        }
        if (all.size() > MAX_REPLACEMENT_CANDIDATES) {
            return refused("too many potential replacements", String.format(Locale.ROOT,
                    "rejecting replacement %s; too many potential replacements (%d > %d)", txid, all.size(),
                    MAX_REPLACEMENT_CANDIDATES));
        }
        for (TxId ancestor : mempool.ancestors(tx)) {
            if (conflicts.contains(ancestor)) {
                return refused("bad-txns-spends-conflicting-tx",
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
            return refused("insufficient fee", String.format(Locale.ROOT,
                    "rejecting replacement %s, less fees than conflicting txs; %s < %s", txid, Money.format(fee),
                    Money.format(originalFees)));
        }
        long additional = fee - originalFees;
        long relayFee = Money.feeForSize(incrementalRelayFeeSatPerKvB, vsize);
        if (additional < relayFee) {
            return refused("insufficient fee", String.format(Locale.ROOT,
                    "rejecting replacement %s, not enough additional fees to relay; %s < %s", txid,
                    Money.format(additional), Money.format(relayFee)));
        }
        // ImprovesFeerateDiagram, for the single-chunk case the devnet meets: the new chunk must not have a
        // lower feerate than what it evicts (it already pays more in total).
        if (Math.multiplyExact(fee, originalSize) < Math.multiplyExact(originalFees, (long) vsize)) {
            return refused("replacement-failed", "insufficient feerate: does not improve feerate diagram");
        }
        return new Replacement.Evicts(all);
    }

    private static Replacement refused(String reason, String debug) {
        return new Replacement.Refused(TxRejection.invalid(reason, debug));
    }
}
