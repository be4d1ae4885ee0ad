package dev.vigil.breachdetector.rpc;

import dev.vigil.breachdetector.block.Hash256;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code getrawmempool}: the txids, and with {@code mempool_sequence=true} the mempool sequence to
 * line up with the ZMQ {@code sequence} topic's A/R events (see interface_zmq.py test_mempool_sync).
 *
 * @param txids           the transactions in the mempool
 * @param mempoolSequence present when asked for
 */
public record RawMempool(List<Hash256> txids, OptionalLong mempoolSequence) {
    public RawMempool {
        txids = List.copyOf(txids);
        Objects.requireNonNull(mempoolSequence, "mempoolSequence");
    }
}
