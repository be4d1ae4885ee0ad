package dev.vigil.justicetxbuilder.testsupport;

import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentKeys;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counterparty commitments of the vector channel ({@link Bolt3Vectors#channel}; number 42 with the
 * vectors' per-commitment point unless another state is asked for), serialized by bitcoin-kmp, for
 * any channel type: to_local and to_remote (each left out when 0), the anchors BOLT 3 "Commitment
 * Transaction Construction" adds, and one output per HTLC given, in BIP69 order (amount, then script).
 */
public final class TestCommitments {
    private TestCommitments() {}

    public static Bytes commitment(ChannelType type, long toLocalSat, long toRemoteSat, List<Htlc> htlcOutputs) {
        return commitment(type, 42, Bolt3Vectors.perCommitmentSecret(), toLocalSat, toRemoteSat, htlcOutputs);
    }

    /**
     * Another state of the vector channel: commitment {@code number}, its outputs derived from the
     * point of {@code perCommitmentSecret} (BOLT 3 "Key Derivation").
     */
    public static Bytes commitment(ChannelType type, long number, PrivateKey perCommitmentSecret, long toLocalSat,
                                   long toRemoteSat, List<Htlc> htlcOutputs) {
        ChannelParameters channel = Bolt3Vectors.channel(type);
        PublicKey point = Bolt3Keys.perCommitmentPoint(perCommitmentSecret);
        CommitmentKeys keys = Bolt3Vectors.commitmentKeys(point);
        List<TxOut> outs = new ArrayList<>();
        if (toLocalSat > 0) {
            outs.add(out(toLocalSat, Bolt3Scripts.p2wsh(Bolt3Scripts.toLocal(keys, Bolt3Vectors.toSelfDelay()))));
        }
        if (toRemoteSat > 0) {
            // The wallet's output: LEGACY tweaks its payment basepoint with the counterparty's point.
            PublicKey walletKey = type == ChannelType.LEGACY
                    ? Bolt3Keys.derivePublicKey(channel.local().paymentBasepoint(), point)
                    : channel.local().paymentBasepoint();
            outs.add(out(toRemoteSat, Bolt3Scripts.toRemoteOutput(type, walletKey)));
        }
        for (Htlc h : htlcOutputs) {
            outs.add(out(h.amountSat(), Bolt3Scripts.p2wsh(Bolt3Scripts.htlc(keys, h, type))));
        }
        if (type.hasAnchors()) {
            if (toLocalSat > 0 || !htlcOutputs.isEmpty()) {
                outs.add(out(330, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.remote().fundingPubkey()))));
            }
            if (toRemoteSat > 0 || !htlcOutputs.isEmpty()) {
                outs.add(out(330, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.local().fundingPubkey()))));
            }
        }
        outs.sort(Comparator.comparingLong((TxOut o) -> o.amount.toLong())
                .thenComparing(o -> Bytes.of(o.publicKeyScript.toByteArray())));
        long factor = channel.obscuringFactor();
        fr.acinq.bitcoin.OutPoint funding = new fr.acinq.bitcoin.OutPoint(
                new TxId(channel.fundingOutpoint().txid().toDisplayHex()), channel.fundingOutpoint().index());
        TxIn in = new TxIn(funding, new ByteVector(new byte[0]), CommitmentNumbers.sequence(number, factor), new ScriptWitness());
        Transaction tx = new Transaction(2, List.of(in), outs, CommitmentNumbers.lockTime(number, factor));
        return Bytes.of(Transaction.Companion.write(tx));
    }

    private static TxOut out(long sat, Bytes spk) {
        return new TxOut(new Satoshi(sat), spk.toArray());
    }
}
