package dev.vigil.vigilapp.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.keys.PerCommitmentSecrets;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.CommitmentKeys;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo wallet's counterparty: it opens and funds an {@code option_static_remotekey} channel
 * with the wallet, pays the wallet through HTLCs, and builds each of its own commitment transactions
 * as BOLT 3 ("Commitment Transaction Construction") says, with justice-tx-builder's key derivation and
 * scripts. Every update gives a new commitment and revokes the previous one: the revoked commitment
 * and its per-commitment secret are what the wallet hands the SDK (BOLT 2 {@code revoke_and_ack}).
 * At the end it cheats: {@link #broadcast} publishes a revoked commitment.
 *
 * <p>A commitment of state {@code n}: version 2; one input spending the 2-of-2 P2WSH funding output,
 * the obscured commitment number in its sequence (upper byte 0x80) and in the locktime (upper byte
 * 0x20); the base fee {@code feerate × (724 + 172 × untrimmed HTLCs) / 1000} paid by the funder
 * (the counterparty); an offered-HTLC output per payment in flight to the wallet (trimmed when its
 * amount less its HTLC-timeout fee is below the dust limit); {@code to_local} (the counterparty's,
 * spendable by the wallet's revocation key, or by the counterparty after {@link #TO_SELF_DELAY}
 * blocks); {@code to_remote} (the wallet's P2WPKH, its payment basepoint itself with
 * static_remotekey); outputs in BIP69 order with the cltv_expiry tie-break; signed by both funding
 * keys and checked with bitcoin-kmp's interpreter at standard flags.
 *
 * <p>Threading: one caller at a time (the demo's thread). The devnet facade blocks, so never call this
 * from an event loop.
 */
public final class DemoCounterparty {
    public static final ChannelType TYPE = ChannelType.STATIC_REMOTEKEY;
    public static final long FUNDING_SAT = 1_000_000;
    /** The CSV the wallet imposed on the counterparty's to_local: the wallet's (and its tower's) time to react. */
    public static final int TO_SELF_DELAY = 144;
    /** The counterparty's {@code dust_limit_satoshis}: its own commitments are trimmed with it. */
    public static final long DUST_LIMIT_SAT = 546;
    /** The commitments' {@code feerate_per_kw}: 10 sat/vB. */
    public static final long FEERATE_PER_KW = 2_500;
    private static final int COMMITMENT_WEIGHT = 724;
    private static final int HTLC_OUTPUT_WEIGHT = 172;
    private static final int HTLC_TIMEOUT_WEIGHT = 663;
    private static final String LABEL = "vigil demo counterparty/";

    /**
     * One commitment of the counterparty's.
     *
     * @param htlcs      the HTLCs in flight (trimmed ones included: the SDK is told all of them)
     * @param toLocalSat the counterparty's own output, 0 if trimmed
     * @param toRemoteSat the wallet's output, 0 if trimmed
     * @param feeSat     the commitment's fee
     */
    public record State(long number, Transaction commitment, PrivateKey perCommitmentSecret, List<Htlc> htlcs, long toLocalSat,
            long toRemoteSat, long feeSat) {
        public State {
            Objects.requireNonNull(commitment, "commitment");
            Objects.requireNonNull(perCommitmentSecret, "perCommitmentSecret");
            htlcs = List.copyOf(htlcs);
        }

        public Bytes raw() {
            return Bytes.of(Transaction.write(commitment));
        }

        public Txid txid() {
            return Txid.fromDisplayHex(commitment.txid.toString());
        }

        /** What the counterparty takes by publishing this commitment: to_local and the HTLC outputs it would time out. */
        public long stakeSat() {
            return commitment.txOut.stream().mapToLong(o -> o.amount.toLong()).sum() - toRemoteSat;
        }
    }

    private final DemoWallet wallet;
    private final Devnet devnet;
    private final Bytes commitmentSeed = Bytes.of(Hashes.sha256((LABEL + "shachain-seed").getBytes(UTF_8)));
    private final Bytes fundingScript;
    private final Devnet.FaucetPayment funding;
    private final ChannelParameters channel;
    private final List<Htlc> inFlight = new ArrayList<>();
    private long walletMsat;
    private State current;

    private DemoCounterparty(Devnet devnet, DemoWallet wallet, long pushMsat) {
        this.devnet = devnet;
        this.wallet = wallet;
        this.walletMsat = pushMsat;
        ChannelBasepoints ours = new ChannelBasepoints(Bolt3Keys.publicKey(key("funding")), Bolt3Keys.publicKey(key("revocation")),
                Bolt3Keys.publicKey(key("payment")), Bolt3Keys.publicKey(key("delayed")), Bolt3Keys.publicKey(key("htlc")));
        fundingScript = fundingScript(wallet.basepoints().fundingPubkey(), ours.fundingPubkey());
        funding = devnet.faucet(new ByteVector(Bolt3Scripts.p2wsh(fundingScript).toArray()), FUNDING_SAT);
        channel = new ChannelParameters(TYPE,
                new dev.vigil.justicetxbuilder.justice.OutPoint(Txid.fromDisplayHex(funding.outPoint().txid.toString()),
                        funding.outPoint().index),
                false, // the counterparty opened the channel, the wallet accepted it
                TO_SELF_DELAY, wallet.basepoints(), ours);
        current = commitment(0);
    }

    /**
     * Opens a channel with {@code wallet}, giving it {@code pushMsat} at once: the funding transaction,
     * paid by the devnet's faucet, waits in the mempool until a block is mined.
     */
    public static DemoCounterparty open(Devnet devnet, DemoWallet wallet, long pushMsat) {
        return new DemoCounterparty(Objects.requireNonNull(devnet, "devnet"), Objects.requireNonNull(wallet, "wallet"), pushMsat);
    }

    /** The channel as the wallet registers it with the SDK (the wallet is "local"). */
    public ChannelParameters channel() {
        return channel;
    }

    public Transaction fundingTx() {
        return funding.tx();
    }

    public State current() {
        return current;
    }

    /** Offers the wallet a payment: a new commitment with the HTLC in flight; returns the commitment it revokes. */
    public State offer(Htlc payment) {
        if (payment.direction() != Htlc.Direction.OFFERED) {
            throw new IllegalArgumentException("the counterparty pays the wallet: an offered HTLC");
        }
        inFlight.add(payment);
        return update();
    }

    /** The wallet claimed the payment with its preimage: its amount moves to the wallet; returns the commitment revoked. */
    public State fulfil(Htlc payment) {
        if (!inFlight.remove(payment)) {
            throw new IllegalArgumentException("not in flight: " + payment);
        }
        walletMsat += payment.amountMsat();
        return update();
    }

    /** Cheats: sends {@code revoked} to the chain's mempool (as {@code sendrawtransaction}). */
    public AcceptResult broadcast(State revoked) {
        return devnet.submit(revoked.commitment());
    }

    private State update() {
        State revoked = current;
        current = commitment(revoked.number() + 1);
        return revoked;
    }

    /** BOLT 3 "Per-commitment Secret Requirements": the secret of commitment {@code number}, from the counterparty's seed. */
    private PrivateKey perCommitmentSecret(long number) {
        return new PrivateKey(PerCommitmentSecrets.generate(commitmentSeed, PerCommitmentSecrets.indexOf(number)));
    }

    private State commitment(long number) {
        PrivateKey secret = perCommitmentSecret(number);
        PublicKey point = Bolt3Keys.perCommitmentPoint(secret);
        CommitmentKeys keys = channel.remoteCommitmentKeys(point);

        // BOLT 3 "Trimmed Outputs" and "Fee Calculation" (without anchors: HTLC-timeout fee 663 weight).
        List<Htlc> untrimmed = inFlight.stream()
                .filter(h -> h.amountSat() - FEERATE_PER_KW * HTLC_TIMEOUT_WEIGHT / 1000 >= DUST_LIMIT_SAT).toList();
        long fee = FEERATE_PER_KW * (COMMITMENT_WEIGHT + HTLC_OUTPUT_WEIGHT * untrimmed.size()) / 1000;
        long inFlightMsat = inFlight.stream().mapToLong(Htlc::amountMsat).sum();
        long toLocal = (FUNDING_SAT * 1000 - walletMsat - inFlightMsat) / 1000 - fee; // the funder pays the fee
        long toRemote = walletMsat / 1000;

        // The outputs with the cltv_expiry each sorts by last (0 for to_local and to_remote).
        record Out(TxOut out, long cltvExpiry) {}
        List<Out> outs = new ArrayList<>();
        for (Htlc h : untrimmed) {
            outs.add(new Out(out(h.amountSat(), Bolt3Scripts.p2wsh(Bolt3Scripts.htlc(keys, h, TYPE))), h.cltvExpiry()));
        }
        if (toLocal >= DUST_LIMIT_SAT) {
            outs.add(new Out(out(toLocal, Bolt3Scripts.p2wsh(channel.remoteToLocalScript(point))), 0));
        }
        if (toRemote >= DUST_LIMIT_SAT) {
            outs.add(new Out(out(toRemote, Bolt3Scripts.toRemoteOutput(TYPE, channel.local().paymentBasepoint())), 0));
        }
        // BOLT 3 "Transaction Output Ordering": BIP69 (amount, then scriptPubKey), then cltv_expiry.
        outs.sort(Comparator.<Out>comparingLong(o -> o.out().amount.toLong())
                .thenComparing(o -> Bytes.of(o.out().publicKeyScript.toByteArray()))
                .thenComparingLong(Out::cltvExpiry));

        long factor = channel.obscuringFactor();
        TxIn input = new TxIn(funding.outPoint(), ByteVector.empty, CommitmentNumbers.sequence(number, factor), new ScriptWitness());
        Transaction unsigned = new Transaction(2, List.of(input), outs.stream().map(Out::out).toList(),
                CommitmentNumbers.lockTime(number, factor));
        Transaction signed = unsigned.updateWitness(0, fundingWitness(unsigned));
        Transaction.correctlySpends(signed, Map.of(funding.outPoint(), funding.output()), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        return new State(number, signed, secret, List.copyOf(inFlight), toLocal >= DUST_LIMIT_SAT ? toLocal : 0,
                toRemote >= DUST_LIMIT_SAT ? toRemote : 0, fee);
    }

    /**
     * BOLT 3 funding witness: {@code 0 <sig> <sig> <funding script>}, the wallet's signature (from its
     * {@code commitment_signed}) and the counterparty's own, in the order of their sorted funding keys.
     */
    private ScriptWitness fundingWitness(Transaction unsigned) {
        ByteVector walletSig = wallet.signCounterpartyCommitment(unsigned, fundingScript, funding.output());
        ByteVector ourSig = new ByteVector(Transaction.signInput(unsigned, 0, fundingScript.toArray(), SigHash.SIGHASH_ALL,
                funding.output().amount, SigVersion.SIGVERSION_WITNESS_V0, new fr.acinq.bitcoin.PrivateKey(key("funding").value().toArray())));
        boolean walletFirst = channel.local().fundingPubkey().compressed().compareTo(channel.remote().fundingPubkey().compressed()) < 0;
        return new ScriptWitness(List.of(ByteVector.empty, // OP_CHECKMULTISIG pops one item too many
                walletFirst ? walletSig : ourSig, walletFirst ? ourSig : walletSig, new ByteVector(fundingScript.toArray())));
    }

    /** BOLT 3 "Funding Transaction Output": {@code 2 <pubkey1> <pubkey2> 2 OP_CHECKMULTISIG}, keys in lexicographic order. */
    private static Bytes fundingScript(PublicKey a, PublicKey b) {
        Bytes first = a.compressed().compareTo(b.compressed()) < 0 ? a.compressed() : b.compressed();
        Bytes second = first.equals(a.compressed()) ? b.compressed() : a.compressed();
        Bytes push33 = Bytes.of(new byte[] {0x21});
        return Bytes.of(new byte[] {0x52}).concat(push33).concat(first).concat(push33).concat(second)
                .concat(Bytes.of(new byte[] {0x52, (byte) 0xae})); // OP_2 ... OP_2 OP_CHECKMULTISIG
    }

    private static TxOut out(long sat, Bytes scriptPubKey) {
        return new TxOut(new Satoshi(sat), scriptPubKey.toArray());
    }

    private static PrivateKey key(String role) {
        return new PrivateKey(Bytes.of(Hashes.sha256((LABEL + role).getBytes(UTF_8))));
    }
}
