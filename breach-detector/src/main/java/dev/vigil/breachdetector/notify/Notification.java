package dev.vigil.breachdetector.notify;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A decoded bitcoind ZMQ message. {@link #sequence()} is the publisher's per-topic counter (the
 * third frame, unsigned 32-bit) and says nothing about order across topics: different endpoints
 * are not ordered relative to each other (dependencies.md §0.7).
 */
public sealed interface Notification extends NotifierEvent {

    ZmqTopic topic();

    /** The per-topic message counter, 0 to 2^32-1; restarts at 0 when bitcoind restarts. */
    long sequence();

    private static void checkSequence(long sequence) {
        if (sequence < 0 || sequence > 0xffffffffL) {
            throw new IllegalArgumentException("sequence out of uint32 range: " + sequence);
        }
    }

    /**
     * {@code rawblock}: the block bitcoind just made its tip, parsed (header hash and txids
     * computed) on the socket thread straight from the received frame, without a copy. Parsing
     * proves only that the bytes are a block; whether it extends the chain, and whether its header
     * commits to its transactions, is the follower's to check.
     */
    record RawBlock(Block block, long sequence) implements Notification {
        public RawBlock {
            Objects.requireNonNull(block, "block");
            checkSequence(sequence);
        }

        @Override
        public ZmqTopic topic() {
            return ZmqTopic.RAWBLOCK;
        }
    }

    /** {@code hashblock}: the new tip's hash (bitcoind sends it in display order). */
    record HashBlock(Hash256 blockHash, long sequence) implements Notification {
        public HashBlock {
            Objects.requireNonNull(blockHash, "blockHash");
            checkSequence(sequence);
        }

        @Override
        public ZmqTopic topic() {
            return ZmqTopic.HASHBLOCK;
        }
    }

    /** {@code rawtx}: a serialized transaction. */
    record RawTx(Bytes transaction, long sequence) implements Notification {
        public RawTx {
            Objects.requireNonNull(transaction, "transaction");
            checkSequence(sequence);
        }

        @Override
        public ZmqTopic topic() {
            return ZmqTopic.RAWTX;
        }
    }

    /** {@code hashtx}: a transaction's txid. */
    record HashTx(Hash256 txid, long sequence) implements Notification {
        public HashTx {
            Objects.requireNonNull(txid, "txid");
            checkSequence(sequence);
        }

        @Override
        public ZmqTopic topic() {
            return ZmqTopic.HASHTX;
        }
    }

    /**
     * {@code sequence}: a block connected ({@code C}) or disconnected ({@code D}), or a transaction
     * added to ({@code A}) or removed from ({@code R}) the mempool. Only A and R carry the mempool
     * sequence (doc/zmq.md; zmqpublishnotifier.cpp {@code SendSequenceMsg}).
     *
     * @param hash            block hash for C/D, txid for A/R
     * @param label           which event
     * @param mempoolSequence present exactly for A and R
     * @param sequence        the topic counter
     */
    record Sequence(Hash256 hash, SequenceLabel label, OptionalLong mempoolSequence, long sequence)
            implements Notification {
        public Sequence {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(mempoolSequence, "mempoolSequence");
            if (label.hasMempoolSequence() != mempoolSequence.isPresent()) {
                throw new IllegalArgumentException(label + " must "
                        + (label.hasMempoolSequence() ? "" : "not ") + "carry a mempool sequence");
            }
            checkSequence(sequence);
        }

        @Override
        public ZmqTopic topic() {
            return ZmqTopic.SEQUENCE;
        }
    }
}
