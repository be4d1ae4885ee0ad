package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.devnet.Devnet;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.JusticeTx;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.Recognition;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.RevokedOutput;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.keys.PerCommitmentSecrets;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Satoshi;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.ScriptWitness;
import fr.acinq.bitcoin.SigHash;
import fr.acinq.bitcoin.SigVersion;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A real channel on the devnet, seen from the wallet that a tower protects. The counterparty (the
 * would-be cheater, "remote" in {@link ChannelParameters}, the commitment "owner" in BOLT 3) opened
 * it; the wallet ("local") imposed {@link #TO_SELF_DELAY} on the counterparty's {@code to_local}.
 *
 * <p>Only the counterparty's commitments are built: those are the ones it could publish after
 * revoking them. Each is a BOLT 3 commitment (protocol-facts §2): version 2, one input spending the
 * 2-of-2 P2WSH funding output with the obscured commitment number in its sequence (upper byte 0x80)
 * and in the locktime (upper byte 0x20), a {@code to_local} output paying P2WSH of
 * {@code OP_IF <revocationpubkey> OP_ELSE <to_self_delay> OP_CSV OP_DROP <local_delayedpubkey>
 * OP_ENDIF OP_CHECKSIG}, a {@code to_remote} output paying the wallet's P2WPKH
 * ({@code option_static_remotekey}), outputs in BIP69 order, signed by both funding keys (BIP143,
 * SIGHASH_ALL, signatures in the order of the sorted funding keys). A state may carry HTLCs: each
 * is a P2WSH offered or received HTLC output (BOLT 3 "Offered/Received HTLC Outputs",
 * option_static_remotekey, so no 1-CSV), and the justice transaction sweeps it too.
 *
 * <p>Keys are derived from a label, so a scenario's transactions are the same from run to run (the
 * devnet's faucet is deterministic too).
 */
final class DevnetChannel {
    /** The CSV of the cheater's to_local: larger than the 51 blocks scenario 3 leaves the tower down. */
    static final int TO_SELF_DELAY = 144;
    static final long FUNDING_SAT = 1_000_000;
    /** ~180 vB commitment: about 11 sat/vB, well over the devnet's 0.1 sat/vB relay floor. */
    static final long COMMITMENT_FEE_SAT = 2_000;
    /** 10 sat/vB for the justice transaction. */
    static final long JUSTICE_FEERATE_PER_KW = 2_500;
    /** What moves from the cheater to the wallet at each new state. */
    static final long PAYMENT_PER_STATE_SAT = 100_000;

    /**
     * One counterparty commitment, revoked by the secret the counterparty gave in revoke_and_ack,
     * with the justice transaction the wallet built for it (already verified with bitcoin-kmp).
     */
    record RevokedState(long number, Transaction commitment, Txid commitmentTxid, PrivateKey perCommitmentSecret,
            long toLocalSat, long toRemoteSat, List<Htlc> htlcs, JusticeTx justice) {
        /** Everything the cheater put at stake on this commitment: to_local and every HTLC output. */
        long stakeSat() {
            return toLocalSat + htlcs.stream().mapToLong(Htlc::amountSat).sum();
        }

        Locator locator() {
            return commitmentTxid.locator();
        }

        Transaction justiceTx() {
            return Transaction.read(justice.rawTx().toArray());
        }

        /** The cheater's to_local output on the commitment (found by amount: BIP69 moves it). */
        OutPoint toLocalOutPoint() {
            for (int i = 0; i < commitment.txOut.size(); i++) {
                if (commitment.txOut.get(i).amount.toLong() == toLocalSat) {
                    return new OutPoint(commitment, i);
                }
            }
            throw new IllegalStateException("no to_local output");
        }

        Bytes commitmentRaw() {
            return Bytes.of(Transaction.write(commitment));
        }

        /** What the wallet sends the tower: the justice transaction encrypted under the commitment's txid. */
        Appointment appointment() {
            return new Appointment(locator(), BlobCipher.encrypt(justice.rawTx(), commitmentTxid), TO_SELF_DELAY);
        }

        /** A one-line summary for the report. */
        String describe() {
            return "state " + number + ": commitment " + commitmentTxid.toDisplayHex() + " (to_local " + toLocalSat
                    + " sat" + (htlcs.isEmpty() ? "" : ", " + htlcs.size() + " HTLCs of " + (stakeSat() - toLocalSat) + " sat")
                    + "), justice " + justice.txid().toDisplayHex() + " (" + justice.vsize() + " vB, fee " + justice.feeSat()
                    + " sat, sweeps " + justice.sweptSat() + " sat)";
        }
    }

    private final String label;
    private final PrivateKey walletFunding;
    private final PrivateKey theirFunding;
    private final PublicKey walletPayment;
    private final Bytes commitmentSeed;
    private final Bytes fundingScript;
    private final Bytes sweepScript;
    private final OutPoint fundingOutPoint;
    private final TxOut fundingOutput;
    private final ChannelParameters channel;
    private final JusticeTxBuilder builder;

    private DevnetChannel(String label, Devnet devnet) {
        this.label = label;
        walletFunding = key("wallet/funding");
        theirFunding = key("their/funding");
        PrivateKey walletRevocation = key("wallet/revocation");
        walletPayment = Bolt3Keys.publicKey(key("wallet/payment"));
        commitmentSeed = Bytes.of(Hashes.sha256((label + "/their/shachain-seed").getBytes(StandardCharsets.UTF_8)));
        fundingScript = fundingScript(Bolt3Keys.publicKey(walletFunding), Bolt3Keys.publicKey(theirFunding));
        sweepScript = Bolt3Scripts.p2wpkh(Bolt3Keys.publicKey(key("wallet/sweep")));

        Devnet.FaucetPayment funding = devnet.faucet(new ByteVector(Bolt3Scripts.p2wsh(fundingScript).toArray()), FUNDING_SAT);
        devnet.mine(1); // the channel is open once its funding transaction is mined
        fundingOutPoint = funding.outPoint();
        fundingOutput = funding.output();

        channel = new ChannelParameters(ChannelType.STATIC_REMOTEKEY,
                new dev.vigil.justicetxbuilder.justice.OutPoint(Txid.fromDisplayHex(fundingOutPoint.txid.toString()), fundingOutPoint.index),
                false, // the counterparty opened the channel
                TO_SELF_DELAY,
                new ChannelBasepoints(Bolt3Keys.publicKey(walletFunding), Bolt3Keys.publicKey(walletRevocation), walletPayment,
                        Bolt3Keys.publicKey(key("wallet/delayed")), Bolt3Keys.publicKey(key("wallet/htlc"))),
                new ChannelBasepoints(Bolt3Keys.publicKey(theirFunding), Bolt3Keys.publicKey(key("their/revocation")),
                        Bolt3Keys.publicKey(key("their/payment")), Bolt3Keys.publicKey(key("their/delayed")),
                        Bolt3Keys.publicKey(key("their/htlc"))));
        builder = new JusticeTxBuilder(channel, walletRevocation);
    }

    /** Funds the channel from the devnet's faucet and mines the funding transaction. */
    static DevnetChannel open(Devnet devnet, String label) {
        return new DevnetChannel(label, devnet);
    }

    /** The script the justice transactions pay: the wallet's own key, distinct from to_remote's. */
    /** The wallet's justice builder for this channel, as it would hand it to the SDK. */
    JusticeTxBuilder builder() {
        return builder;
    }

    /** The wallet's revocation basepoint secret, which signs its justice transactions. */
    PrivateKey walletRevocationSecret() {
        return key("wallet/revocation");
    }

    Bytes sweepScript() {
        return sweepScript;
    }

    /** The wallet's to_remote script (P2WPKH of its payment basepoint, BOLT 3 option_static_remotekey). */
    Bytes toRemoteScript() {
        return Bolt3Scripts.toRemoteOutput(ChannelType.STATIC_REMOTEKEY, walletPayment);
    }

    /**
     * The counterparty's commitment number {@code number}, signed by both funding keys, and the justice
     * transaction for it. Both are checked by bitcoin-kmp's interpreter at standard flags: the
     * commitment against the funding output, the justice transaction against the commitment.
     */
    RevokedState revokedState(long number) {
        return revokedState(number, List.of());
    }

    /** The same with HTLCs in flight: the justice transaction sweeps to_local and every HTLC output. */
    RevokedState revokedState(long number, List<Htlc> htlcs) {
        PrivateKey secret = new PrivateKey(PerCommitmentSecrets.generate(commitmentSeed, PerCommitmentSecrets.indexOf(number)));
        PublicKey point = Bolt3Keys.perCommitmentPoint(secret);
        long toRemote = PAYMENT_PER_STATE_SAT * (number + 1);
        long inHtlcs = htlcs.stream().mapToLong(Htlc::amountSat).sum();
        long toLocal = FUNDING_SAT - COMMITMENT_FEE_SAT - toRemote - inHtlcs;

        List<TxOut> outputs = new ArrayList<>(List.of(
                new TxOut(new Satoshi(toLocal), Bolt3Scripts.p2wsh(channel.remoteToLocalScript(point)).toArray()),
                new TxOut(new Satoshi(toRemote), toRemoteScript().toArray())));
        for (Htlc h : htlcs) {
            outputs.add(new TxOut(new Satoshi(h.amountSat()), htlcScriptPubKey(number, h).toArray()));
        }
        // BIP69 (BOLT 3 "Transaction Output Ordering"): by amount, then by scriptPubKey.
        outputs.sort(Comparator.<TxOut>comparingLong(o -> o.amount.toLong())
                .thenComparing(o -> Bytes.of(o.publicKeyScript.toByteArray())));
        long factor = channel.obscuringFactor();
        TxIn input = new TxIn(fundingOutPoint, ByteVector.empty, CommitmentNumbers.sequence(number, factor), new ScriptWitness());
        Transaction unsigned = new Transaction(2, List.of(input), outputs, CommitmentNumbers.lockTime(number, factor));
        Transaction commitment = unsigned.updateWitness(0, fundingWitness(unsigned, fundingScript, fundingOutput, walletFunding, theirFunding));
        Transaction.correctlySpends(commitment, Map.of(fundingOutPoint, fundingOutput), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);

        Bytes raw = Bytes.of(Transaction.write(commitment));
        Recognition.Commitment recognised = assertInstanceOf(Recognition.Commitment.class, builder.recognise(raw));
        assertEquals(number, recognised.commitmentNumber(), "the obscured commitment number round-trips");
        Txid txid = recognised.txid();
        assertEquals(commitment.txid.toString(), txid.toDisplayHex(), "bitcoin-kmp and the builder agree on the txid");

        JusticeResult result = builder.build(new RevokedCommitment(raw, secret, htlcs), Sweep.to(sweepScript, JUSTICE_FEERATE_PER_KW));
        JusticeTx justice = assertInstanceOf(JusticeResult.Built.class, result).only();
        // DESIGN §9: the revocation path really unlocks to_local (BOLT 3 to_local
        // witness <revocation_sig> 1) and every HTLC output (<revocation_sig> <revocationpubkey>),
        // verified by an interpreter independent of the builder.
        Transaction.correctlySpends(Transaction.read(justice.rawTx().toArray()), commitment, ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        assertEquals(1 + htlcs.size(), justice.spends().size(), "justice sweeps to_local and every HTLC output");
        assertEquals(1, justice.spends().stream().filter(o -> o.kind() == RevokedOutput.Kind.TO_LOCAL).count());
        assertEquals(toLocal + inHtlcs - justice.feeSat(), justice.sweptSat());
        return new RevokedState(number, commitment, txid, secret, toLocal, toRemote, List.copyOf(htlcs), justice);
    }

    /** The P2WSH scriptPubKey of {@code htlc} on the counterparty's commitment {@code number}. */
    Bytes htlcScriptPubKey(long number, Htlc htlc) {
        PrivateKey secret = new PrivateKey(PerCommitmentSecrets.generate(commitmentSeed, PerCommitmentSecrets.indexOf(number)));
        return Bolt3Scripts.p2wsh(Bolt3Scripts.htlc(channel.remoteCommitmentKeys(Bolt3Keys.perCommitmentPoint(secret)), htlc,
                ChannelType.STATIC_REMOTEKEY));
    }

    /**
     * BOLT 3 funding witness of {@code unsigned}'s input 0, which spends {@code fundingOutput} (P2WSH of
     * {@code fundingScript}): {@code 0 <sig1> <sig2> <2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG>}, the
     * signatures (BIP143, SIGHASH_ALL) in the order of the sorted funding keys.
     */
    static ScriptWitness fundingWitness(Transaction unsigned, Bytes fundingScript, TxOut fundingOutput, PrivateKey a,
            PrivateKey b) {
        List<PrivateKey> signers = new ArrayList<>(List.of(a, b));
        signers.sort(Comparator.comparing(k -> Bolt3Keys.publicKey(k).compressed()));
        List<ByteVector> stack = new ArrayList<>();
        stack.add(ByteVector.empty); // CHECKMULTISIG's extra pop
        for (PrivateKey k : signers) {
            stack.add(new ByteVector(Transaction.signInput(unsigned, 0, fundingScript.toArray(), SigHash.SIGHASH_ALL,
                    fundingOutput.amount, SigVersion.SIGVERSION_WITNESS_V0, new fr.acinq.bitcoin.PrivateKey(k.value().toArray()))));
        }
        stack.add(new ByteVector(fundingScript.toArray()));
        return new ScriptWitness(stack);
    }

    /** BOLT 3 "Funding Transaction Output": {@code 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG}, lexicographic order. */
    static Bytes fundingScript(PublicKey a, PublicKey b) {
        List<Bytes> keys = new ArrayList<>(List.of(a.compressed(), b.compressed()));
        keys.sort(Comparator.naturalOrder());
        byte[] s = new byte[1 + 34 + 34 + 2];
        s[0] = 0x52; // OP_2
        s[1] = 0x21;
        keys.get(0).copyTo(s, 2);
        s[35] = 0x21;
        keys.get(1).copyTo(s, 36);
        s[69] = 0x52; // OP_2
        s[70] = (byte) 0xae; // OP_CHECKMULTISIG
        return Bytes.of(s);
    }

    private PrivateKey key(String role) {
        return new PrivateKey(Bytes.of(Hashes.sha256((label + "/" + role).getBytes(StandardCharsets.UTF_8))));
    }
}
