package dev.vigil.towerserver.monitor;

import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.block.TxInput;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.CloseKind;
import dev.vigil.towerprotocol.monitor.CommitmentShape;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.CommitmentTags;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import java.util.Objects;
import java.util.Optional;

/**
 * How a spend of a funding outpoint reads (docs/monitoring.md 2.1): a pure function of the spending
 * transaction and the index of the input that spends the funding outpoint. The rules are
 * tower-protocol's {@link CommitmentShape#classify}, called with the counts parsed here, so the SDK
 * reads a shape by the same code. The result carries every {@code funding_spent} field (2.4) that the
 * transaction decides; the watch adds its own ({@link Spend#event}).
 *
 * <p>Stateless; any thread.
 */
public final class SpendClassifier {
    private SpendClassifier() {}

    /**
     * The transaction's side of a {@code funding_spent}: {@code txid}, {@code input}, {@code close}; for a
     * {@code unilateral} close the locktime and that input's sequence ({@code tags}); {@code tx}, the whole
     * transaction with its witness, unless it is over {@link FundingSpent#MAX_TX_BYTES} (2.4:
     * {@code "tx_omitted":true} instead).
     */
    public record Spend(Txid txid, long input, CloseKind close, Optional<CommitmentTags> tags, Optional<Bytes> tx) {
        public Spend {
            Objects.requireNonNull(txid, "txid");
            Uint32.check("input", input);
            Objects.requireNonNull(close, "close");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(tx, "tx");
            if (tags.isPresent() != (close == CloseKind.UNILATERAL)) {
                throw new IllegalArgumentException("a unilateral close, and only it, carries locktime and sequence");
            }
        }

        /** The event of the watch {@code key} of {@code kind} on {@code outpoint}, under {@code head}. */
        public FundingSpent event(MonitorEvent.Head head, WatchId key, WatchKind kind, Outpoint outpoint) {
            return new FundingSpent(head, key, kind, outpoint, txid, input, close, tags, tx);
        }
    }

    /** Classifies {@code tx}, whose input {@code input} spends the watched funding outpoint. */
    public static Spend classify(Transaction tx, int input) {
        Objects.requireNonNull(tx, "tx");
        Objects.checkIndex(input, tx.inputs().size());
        TxInput in = tx.inputs().get(input);
        CloseKind close = CommitmentShape.classify(tx.inputs().size(), tx.outputs().size(), tx.lockTime(), in.sequence());
        Optional<CommitmentTags> tags = close == CloseKind.UNILATERAL
                ? Optional.of(new CommitmentTags(tx.lockTime(), in.sequence()))
                : Optional.empty();
        Optional<Bytes> raw = tx.raw().length() <= FundingSpent.MAX_TX_BYTES ? Optional.of(tx.raw()) : Optional.empty();
        return new Spend(new Txid(tx.txid().internalOrder()), input, close, tags, raw);
    }
}
