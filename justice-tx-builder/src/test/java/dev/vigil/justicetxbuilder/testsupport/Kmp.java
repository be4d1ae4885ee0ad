package dev.vigil.justicetxbuilder.testsupport;

import dev.vigil.towerprotocol.encoding.Bytes;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.HashMap;
import java.util.Map;

/**
 * bitcoin-kmp as the independent script interpreter: bitcoinj's correctlySpends does not check P2WSH
 * witnesses (dependencies.md §0.1), so every justice transaction is verified here at standard flags.
 */
public final class Kmp {
    private Kmp() {}

    public static Transaction tx(Bytes raw) {
        return Transaction.Companion.read(raw.toArray());
    }

    /** Throws (RuntimeException) unless every input of {@code tx} correctly spends {@code parent}. */
    public static void verify(Bytes tx, Bytes parent) {
        Transaction.Companion.correctlySpends(tx(tx), tx(parent), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
    }

    /** Verifies against explicit previous outputs (to present a wrong amount or script). */
    public static void verify(Transaction tx, Map<OutPoint, TxOut> prevouts) {
        Transaction.Companion.correctlySpends(tx, prevouts, ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
    }

    /** The outputs of {@code parent} that {@code tx} spends. */
    public static Map<OutPoint, TxOut> prevouts(Transaction tx, Transaction parent) {
        Map<OutPoint, TxOut> m = new HashMap<>();
        for (TxIn in : tx.txIn) {
            m.put(in.outPoint, parent.txOut.get((int) in.outPoint.index));
        }
        return m;
    }
}
