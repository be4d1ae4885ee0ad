package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.bitcoinj.crypto.SignatureDecodeException;
import org.bitcoinj.crypto.TransactionSignature;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Everything this module does with bitcoinj: parsing, BIP143 signing, serialization. Package-private
 * so that no bitcoinj type reaches the public API.
 */
final class BitcoinjTransactions {
    /** Signals BIP125 replaceability and, with bit 31 set, disables BIP68 relative locks. */
    static final long RBF_SEQUENCE = 0xffff_fffdL;
    private static final ECDomainParameters SECP256K1 = domain(CustomNamedCurves.getByName("secp256k1"));

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
     * input signed SIGHASH_ALL under BIP143 by {@code signer}, whose witness is the BOLT 3 penalty
     * witness. Every signature the signer returns is checked before it is used (see
     * {@link #checkSignature}); the first one that fails, or a signer that throws, stops the signing
     * and is {@link Refused}: the signer is not asked for the inputs after it.
     */
    static Signing signJustice(List<RevokedOutput> inputs, Bytes sweepScript, long sweptSat, RevocationSigner signer,
                               PrivateKey perCommitmentSecret, PublicKey revocationPubkey) {
        Transaction tx = new Transaction();
        tx.setVersion(2);
        tx.setLockTime(0);
        for (RevokedOutput in : inputs) {
            tx.addInput(new TransactionInput(tx, new byte[0], outPoint(in.outpoint()), RBF_SEQUENCE,
                    Coin.valueOf(in.amountSat()), TransactionWitness.EMPTY));
        }
        tx.addOutput(new TransactionOutput(tx, Coin.valueOf(sweptSat), sweepScript.toArray()));
        for (int i = 0; i < inputs.size(); i++) {
            RevokedOutput in = inputs.get(i);
            byte[] script = in.witnessScript().toArray();
            Bytes sighash = Bytes.of(tx.hashForWitnessSignature(
                    i, script, Coin.valueOf(in.amountSat()), Transaction.SigHash.ALL, false).getBytes());
            Bytes der;
            try {
                der = signer.sign(perCommitmentSecret, sighash);
            } catch (RuntimeException e) {
                // The port's way to fail (an unplugged device, a refusal, a dead signing process).
                return new Refused("the signer failed on input " + i + " (" + in.outpoint() + "): " + e);
            }
            Optional<String> wrong = checkSignature(der, sighash, revocationPubkey);
            if (wrong.isPresent()) {
                return new Refused("the signer's answer for input " + i + " (" + in.outpoint() + ") " + wrong.get());
            }
            byte[] sig = new byte[der.length() + 1];
            der.copyTo(sig, 0);
            sig[der.length()] = (byte) Transaction.SigHash.ALL.value;
            // The second item picks the revocation branch: the byte 01 for OP_IF (MINIMALIF allows
            // only 01 or empty), or revocationpubkey, whose HASH160 the HTLC scripts compare.
            byte[] selector = in.kind().isHtlcScript() ? revocationPubkey.compressed().toArray() : new byte[] {1};
            tx.replaceInput(i, tx.getInput(i).withWitness(TransactionWitness.of(sig, selector, script)));
        }
        return new Signed(Bytes.of(tx.serialize()), txid(tx.getTxId()), tx.getWeight());
    }

    /**
     * ECDSA over secp256k1 as bitcoinj's {@code ECKey.sign} computes it (BouncyCastle's signer with
     * RFC6979 nonces, low S), strict DER without a sighash-type byte: the in-memory
     * {@link RevocationSigner}'s signature. Called without {@code ECKey.fromPrivate}, which would
     * derive the public key, one point multiplication the signature does not need.
     */
    static Bytes signDigest(PrivateKey key, Bytes digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, key.value().toArray()), SECP256K1));
        BigInteger[] rs = signer.generateSignature(digest.toArray());
        return Bytes.of(new ECKey.ECDSASignature(rs[0], rs[1]).toCanonicalised().encodeToDER());
    }

    /**
     * Why {@code der} is not a signature that standard policy accepts for {@code digest} under
     * {@code pubkey}, or empty if it is one: strict DER (BIP66, checked as bitcoind's
     * IsValidSignatureEncoding with the SIGHASH_ALL byte appended, and by re-encoding), low S
     * (SCRIPT_VERIFY_LOW_S), and valid (ECDSA verification). A signature failing any of these would
     * make the whole justice transaction non-standard or invalid, so none is ever used.
     */
    static Optional<String> checkSignature(Bytes der, Bytes digest, PublicKey pubkey) {
        if (der == null) {
            return Optional.of("is null");
        }
        byte[] bytes = der.toArray();
        byte[] withType = Arrays.copyOf(bytes, bytes.length + 1);
        withType[bytes.length] = (byte) Transaction.SigHash.ALL.value;
        if (!TransactionSignature.isEncodingCanonical(withType)) {
            return Optional.of("is not a strict DER signature: " + der);
        }
        ECKey.ECDSASignature sig;
        try {
            sig = ECKey.ECDSASignature.decodeFromDER(bytes);
        } catch (SignatureDecodeException | RuntimeException e) {
            return Optional.of("is not a DER signature: " + der);
        }
        if (!Arrays.equals(sig.encodeToDER(), bytes)) {
            return Optional.of("is not in strict DER: " + der);
        }
        if (!sig.isCanonical()) {
            return Optional.of("has a high S (standard policy requires S <= n/2): " + der);
        }
        boolean valid;
        try {
            valid = ECKey.verify(digest.toArray(), sig, pubkey.compressed().toArray());
        } catch (RuntimeException e) {
            valid = false; // r or s out of range, which BouncyCastle may report either way
        }
        return valid ? Optional.empty()
                : Optional.of("does not verify under the revocation pubkey " + pubkey + ": " + der);
    }

    private static ECDomainParameters domain(X9ECParameters curve) {
        return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    }

    /** What {@link #signJustice} made of it. */
    sealed interface Signing permits Signed, Refused {}

    record Signed(Bytes raw, Txid txid, int weight) implements Signing {}

    /** The signer failed or answered with something that is not a valid signature. */
    record Refused(String reason) implements Signing {}

    /**
     * The unsigned second-stage HTLC transaction of BOLT 3 "HTLC-Timeout and HTLC-Success
     * Transactions" for a non-anchor channel: version 2, sequence 0, one output. Its txid does not
     * depend on the witness, so it is known before anyone signs.
     */
    static Txid secondStageTxid(OutPoint htlcOutpoint, long lockTime, long outputSat, Bytes outputScript) {
        Transaction tx = new Transaction();
        tx.setVersion(2);
        tx.addInput(new TransactionInput(tx, new byte[0], outPoint(htlcOutpoint), 0, null, TransactionWitness.EMPTY));
        tx.addOutput(new TransactionOutput(tx, Coin.valueOf(outputSat), outputScript.toArray()));
        // After the input: bitcoinj warns of a locktime set while every input has the final sequence.
        tx.setLockTime(lockTime);
        return txid(tx.getTxId());
    }

    private static TransactionOutPoint outPoint(OutPoint op) {
        return new TransactionOutPoint(op.index(), Sha256Hash.wrapReversed(op.txid().internal().toArray()));
    }

    /** bitcoinj's Sha256Hash of a txid holds the display order. */
    private static Txid txid(Sha256Hash h) {
        return new Txid(Bytes.of(h.getBytes()).reversed());
    }
}
