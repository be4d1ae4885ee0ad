package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.util.Objects;

/**
 * A transaction in the mempool with what bitcoind's {@code CTxMemPoolEntry} records about it: fee, sizes,
 * entry time and chain height, and its entry sequence (for {@code getrawmempool} and ZMQ {@code sequence}).
 */
public record MempoolEntry(Transaction tx, TxId txid, TxId wtxid, long feeSat, int vsize, int weight, long time,
        int height, long entrySequence) {
    public MempoolEntry {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(txid, "txid");
        Objects.requireNonNull(wtxid, "wtxid");
        if (feeSat < 0 || vsize <= 0 || weight <= 0) {
            throw new IllegalArgumentException("fee, vsize and weight must be positive");
        }
    }
}
