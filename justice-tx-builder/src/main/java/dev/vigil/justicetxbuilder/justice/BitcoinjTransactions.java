package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.TransactionWitness;
import org.bitcoinj.crypto.ECKey;

/**
 * Everything this module does with bitcoinj: parsing, BIP143 signing, serialization. Package-private
 * so that no bitcoinj type reaches the public API.
 */
final class BitcoinjTransactions {
    /** Signals BIP125 replaceability and, with bit 31 set, disables BIP68 relative locks. */
    static final long RBF_SEQUENCE = 0xffff_fffdL;

    private BitcoinjTransactions() {}

    /** Parses a serialized transaction; empty if it is malformed or has trailing bytes. */
    static Optional<ParsedTx> parse(Bytes raw) {
        Transaction tx;
        ByteBuffer buf = ByteBuffer.wrap(raw.toArray());
        try {
            tx = Transaction.read(buf);
        } catch (RuntimeException e) {
            // Bytes from outside: besides ProtocolException and BufferUnderflowException, bitcoinj
            // reports some malformations with other unchecked exceptions (illegal values, negative
            // lengths); all of them mean "not a transaction".
            return Optional.empty();
        }
        if (buf.hasRemaining() || tx.getInputs().isEmpty() || tx.getOutputs().isEmpty()) {
            return Optional.empty();
        }
        List<ParsedTx.Input> inputs = new ArrayList<>();
        for (TransactionInput in : tx.getInputs()) {
            TransactionOutPoint op = in.getOutpoint();
            inputs.add(new ParsedTx.Input(new OutPoint(txid(op.hash()), op.index()), in.getSequenceNumber()));
        }
        List<ParsedTx.Output> outputs = new ArrayList<>();
        for (TransactionOutput out : tx.getOutputs()) {
            outputs.add(new ParsedTx.Output(out.getValue().value, Bytes.of(out.getScriptBytes())));
        }
        return Optional.of(new ParsedTx(txid(tx.getTxId()), tx.getVersion(), tx.lockTime().rawValue(), inputs, outputs));
    }

    /**
     * A version-2, locktime-0 transaction spending {@code inputs} (RBF sequence) to one output, each
     * input signed SIGHASH_ALL under BIP143 with {@code key}, whose witness is the BOLT 3 penalty
     * witness. bitcoinj's {@code ECKey.sign} is RFC6979-deterministic and low-S, so the same inputs
     * always give the same bytes.
     */
    static Signed signJustice(List<RevokedOutput> inputs, Bytes sweepScript, long sweptSat, PrivateKey key,
                              Bytes revocationPubkey) {
        Transaction tx = new Transaction();
        tx.setVersion(2);
        tx.setLockTime(0);
        for (RevokedOutput in : inputs) {
            tx.addInput(new TransactionInput(tx, new byte[0], outPoint(in.outpoint()), RBF_SEQUENCE,
                    Coin.valueOf(in.amountSat()), TransactionWitness.EMPTY));
        }
        tx.addOutput(new TransactionOutput(tx, Coin.valueOf(sweptSat), sweepScript.toArray()));
        ECKey ecKey = ECKey.fromPrivate(key.value().toArray(), true);
        for (int i = 0; i < inputs.size(); i++) {
            RevokedOutput in = inputs.get(i);
            byte[] script = in.witnessScript().toArray();
            Sha256Hash sighash = tx.hashForWitnessSignature(
                    i, script, Coin.valueOf(in.amountSat()), Transaction.SigHash.ALL, false);
            byte[] der = ecKey.sign(sighash).encodeToDER();
            byte[] sig = new byte[der.length + 1];
            System.arraycopy(der, 0, sig, 0, der.length);
            sig[der.length] = (byte) Transaction.SigHash.ALL.value;
            // The second item picks the revocation branch: the byte 01 for OP_IF (MINIMALIF allows
            // only 01 or empty), or revocationpubkey, whose HASH160 the HTLC scripts compare.
            byte[] selector = in.kind().isHtlcScript() ? revocationPubkey.toArray() : new byte[] {1};
            tx.replaceInput(i, tx.getInput(i).withWitness(TransactionWitness.of(sig, selector, script)));
        }
        return new Signed(Bytes.of(tx.serialize()), txid(tx.getTxId()), tx.getWeight());
    }

    /**
     * The unsigned second-stage HTLC transaction of BOLT 3 "HTLC-Timeout and HTLC-Success
     * Transactions" for a non-anchor channel: version 2, sequence 0, one output. Its txid does not
     * depend on the witness, so it is known before anyone signs.
     */
    static Txid secondStageTxid(OutPoint htlcOutpoint, long lockTime, long outputSat, Bytes outputScript) {
        Transaction tx = new Transaction();
        tx.setVersion(2);
        tx.setLockTime(lockTime);
        tx.addInput(new TransactionInput(tx, new byte[0], outPoint(htlcOutpoint), 0, null, TransactionWitness.EMPTY));
        tx.addOutput(new TransactionOutput(tx, Coin.valueOf(outputSat), outputScript.toArray()));
        return txid(tx.getTxId());
    }

    record Signed(Bytes raw, Txid txid, int weight) {}

    private static TransactionOutPoint outPoint(OutPoint op) {
        return new TransactionOutPoint(op.index(), Sha256Hash.wrapReversed(op.txid().internal().toArray()));
    }

    /** bitcoinj's Sha256Hash of a txid holds the display order. */
    private static Txid txid(Sha256Hash h) {
        return new Txid(Bytes.of(h.getBytes()).reversed());
    }
}
