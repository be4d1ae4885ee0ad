package dev.vigil.devnet.chain;

import dev.vigil.devnet.chain.ChainEvent.RemovalReason;
import fr.acinq.bitcoin.TxId;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The node's outgoing notifications ({@code validationinterface.cpp}, {@code CMainSignals}): one listener,
 * called synchronously on the owner thread in the order the chain and mempool change. A package test
 * ({@code testmempoolaccept} with several transactions) mutes it while it changes the mempool provisionally.
 */
final class Signals {
    private final Consumer<ChainEvent> listener;
    private boolean muted;

    Signals(Consumer<ChainEvent> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    void emit(ChainEvent event) {
        if (!muted) {
            listener.accept(event);
        }
    }

    /** Mutes the listener and says whether it was muted before (for {@link #restore}). */
    boolean mute() {
        boolean was = muted;
        muted = true;
        return was;
    }

    void restore(boolean wasMuted) {
        muted = wasMuted;
    }

    /**
     * Removes {@code txids} from {@code mempool} in order; each entry still there takes a mempool sequence and
     * is signalled as removed for {@code reason} ({@code CTxMemPool::removeUnchecked} firing
     * {@code TransactionRemovedFromMempool}).
     */
    void removeFromMempool(Mempool mempool, Collection<TxId> txids, RemovalReason reason) {
        for (TxId id : txids) {
            MempoolEntry removed = mempool.remove(id);
            if (removed != null) {
                emit(new ChainEvent.TxRemoved(removed.tx(), mempool.nextSequence(), reason));
            }
        }
    }
}
