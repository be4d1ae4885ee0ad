package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Block;
import fr.acinq.bitcoin.Transaction;
import java.util.Objects;

/**
 * What the node tells its listeners, in the order bitcoind's validation interface signals it
 * ({@code validationinterface.h}): the ZMQ publishers are built from these, as bitcoind's
 * {@code CZMQNotificationInterface} is built from the validation signals.
 */
public sealed interface ChainEvent {
    /** {@code BlockConnected}: every block connected to the active chain, in order. */
    record BlockConnected(Block block, int height) implements ChainEvent {
        public BlockConnected {
            Objects.requireNonNull(block, "block");
        }
    }

    /** {@code BlockDisconnected}: every block disconnected, tip first. */
    record BlockDisconnected(Block block, int height) implements ChainEvent {
        public BlockDisconnected {
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * {@code UpdatedBlockTip}: once per activation that ended on a new tip with at least one block connected
     * (not after disconnects alone, see {@code zmqnotificationinterface.cpp}).
     */
    record TipUpdated(Block tip, int height) implements ChainEvent {
        public TipUpdated {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /** {@code TransactionAddedToMempool} with the mempool sequence of the addition. */
    record TxAdded(Transaction tx, long mempoolSequence) implements ChainEvent {
        public TxAdded {
            Objects.requireNonNull(tx, "tx");
        }
    }

    /**
     * {@code TransactionRemovedFromMempool} for every reason but block inclusion (replaced, conflict, reorg),
     * with the mempool sequence of the removal.
     */
    record TxRemoved(Transaction tx, long mempoolSequence, RemovalReason reason) implements ChainEvent {
        public TxRemoved {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code MemPoolRemovalReason} in kernel/mempool_removal_reason.h (the ones the devnet produces). */
    enum RemovalReason { BLOCK, CONFLICT, REPLACED, REORG }
}
