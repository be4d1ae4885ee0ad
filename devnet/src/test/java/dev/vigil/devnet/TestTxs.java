package dev.vigil.devnet;

import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Crypto;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.PrivateKey;
import fr.acinq.bitcoin.PublicKey;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.Script;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.SigHash;
import fr.acinq.bitcoin.SigVersion;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the transactions the tests offer the devnet: P2WPKH spends with a chosen defect. */
public final class TestTxs {
    private TestTxs() {
    }

    public static PrivateKey key(String label) {
        return new PrivateKey(Crypto.sha256(label.getBytes(StandardCharsets.UTF_8)));
    }

    public static ByteVector p2wpkh(PrivateKey key) {
        return new ByteVector(Script.write(Script.pay2wpkh(key.publicKey())));
    }

    /** One output to spend: where it is, what it holds, and the key that can sign for it (P2WPKH). */
    public record Spendable(OutPoint outPoint, long amountSat, PrivateKey key) {
    }

    /** An unsigned version-2 transaction. */
    public static Transaction unsigned(List<Spendable> inputs, List<TxOut> outputs, long sequence, long lockTime) {
        List<TxIn> ins = new ArrayList<>();
        for (Spendable s : inputs) {
            ins.add(new TxIn(s.outPoint(), ByteVector.empty, sequence, new ScriptWitness()));
        }
        return new Transaction(2, ins, outputs, lockTime);
    }

    /** Signs every input as P2WPKH with its key. */
    public static Transaction sign(Transaction tx, List<Spendable> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            PublicKey pub = inputs.get(i).key().publicKey();
            byte[] sig = Transaction.signInput(tx, i, Script.write(Script.pay2pkh(pub)), SigHash.SIGHASH_ALL,
                    new Satoshi(inputs.get(i).amountSat()), SigVersion.SIGVERSION_WITNESS_V0, inputs.get(i).key());
            tx = tx.updateWitness(i, Script.witnessPay2wpkh(pub, new ByteVector(sig)));
        }
        return tx;
    }

    /** A signed one-input one-output spend paying {@code amountSat} to {@code payTo}. */
    public static Transaction spend(Spendable in, ByteVector payTo, long amountSat, long sequence, long lockTime) {
        return sign(unsigned(List.of(in), List.of(new TxOut(new Satoshi(amountSat), payTo)), sequence, lockTime),
                List.of(in));
    }

    public static TxOut out(ByteVector script, long sat) {
        return new TxOut(new Satoshi(sat), script);
    }
}
