package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.Txid;
import java.util.Objects;

/** Whether a transaction is a commitment of a given channel (see {@link JusticeTxBuilder#recognise}). */
public sealed interface Recognition permits Recognition.Commitment, NotACommitment {
    /** It spends the funding outpoint and carries the BOLT 3 locktime/sequence tags. */
    record Commitment(Txid txid, long commitmentNumber) implements Recognition {
        public Commitment {
            Objects.requireNonNull(txid, "txid");
        }
    }
}
