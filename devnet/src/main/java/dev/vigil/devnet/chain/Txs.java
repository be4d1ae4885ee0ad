package dev.vigil.devnet.chain;

import fr.acinq.bitcoin.Crypto;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxHash;
import fr.acinq.bitcoin.TxId;

/** Small transaction facts bitcoin-kmp does not name: wtxid, virtual size, stripped size. */
public final class Txs {
    private Txs() {
    }

    /** The witness txid in display order ({@code CTransaction::GetWitnessHash}). */
    public static TxId wtxid(Transaction tx) {
        return new TxId(new TxHash(Crypto.hash256(Transaction.write(tx))));
    }

    /** {@code GetVirtualTransactionSize} without the sigop adjustment: ceil(weight / 4). */
    public static int vsize(Transaction tx) {
        return (tx.weight() + 3) / 4;
    }

    /** The serialization without witness ({@code TX_NO_WITNESS}). */
    public static int strippedSize(Transaction tx) {
        return tx.baseSize();
    }

    public static boolean hasWitness(Transaction tx) {
        return tx.getHasWitness();
    }
}
