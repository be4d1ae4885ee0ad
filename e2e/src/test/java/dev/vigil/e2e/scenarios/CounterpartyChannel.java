package dev.vigil.e2e.scenarios;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vigil.devnet.Devnet;
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
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * A channel of any {@link ChannelType} on the devnet, opened and funded by the counterparty (the
 * funder, "remote" in {@link ChannelParameters}), whose commitments are built here exactly as a
 * BOLT 3 counterparty builds its own, independently of {@code justice-tx-builder}'s builder and
 * audit (only its script and key-derivation primitives are shared, and those are checked against
 * the BOLT 3 vectors in that module).
 *
 * <p>The counterparty's commitment for state {@code n} follows BOLT 3 "Commitment Transaction
 * Construction" step by step, with the counterparty's {@link #DUST_LIMIT_SAT} (the commitment is
 * its own) and the state's {@link #feeratePerKw(long)}:
 * <ol>
 *   <li>version 2, one input spending the real 2-of-2 P2WSH funding output, the obscured commitment
 *       number in the locktime (upper byte 0x20) and the sequence (upper byte 0x80);</li>
 *   <li>the HTLCs of {@link #htlcs(long)} whose amount minus their second-stage fee (HTLC-timeout
 *       663, HTLC-success 703 weight, both 0 with option_anchors) is below the dust limit are
 *       trimmed ("Trimmed Outputs");</li>
 *   <li>the base fee, feerate × (724, or 1124 with anchors, + 172 per untrimmed HTLC) / 1000 rounded
 *       down ("Fee Calculation"), and with anchors 2 × 330 sat, come out of the funder's balance,
 *       the counterparty's to_local;</li>
 *   <li>offered and received HTLC outputs, to_local and to_remote when at least the dust limit,
 *       the anchors of each side when it has an output or an HTLC is untrimmed;</li>
 *   <li>BIP69 order, with the cltv_expiry tie-break for identical HTLC outputs
 *       ("Transaction Output Ordering");</li>
 *   <li>signed by both funding keys and checked with bitcoin-kmp's interpreter at standard flags
 *       against the funding output.</li>
 * </ol>
 * to_remote is the wallet's: P2WPKH of its payment basepoint tweaked with the per-commitment point
 * (LEGACY), of the basepoint itself (option_static_remotekey), or P2WSH of
 * {@code <key> OP_CHECKSIGVERIFY 1 OP_CSV} (option_anchors).
 *
 * <p>Without anchors the counterparty's second-stage transactions of each untrimmed HTLC are fully
 * determined ("HTLC-Timeout and HTLC-Success Transactions") and built here too, unsigned (only their
 * outputs matter to a justice spending them).
 *
 * <p>Keys come from a label: the same label gives the same channel from run to run.
 */
final class CounterpartyChannel {
    /** The CSV the wallet imposed on the counterparty's to_local. */
    static final int TO_SELF_DELAY = 144;
    static final long FUNDING_SAT = 2_000_000;
    /** The counterparty's {@code dust_limit_satoshis}: its own commitments are trimmed with it. */
    static final long DUST_LIMIT_SAT = 546;
    /** 10 sat/vB for the wallet's justice transactions. */
    static final long JUSTICE_FEERATE_PER_KW = 2_500;

    /** BOLT 3 "Fee Calculation": expected weights. */
    static final int COMMITMENT_WEIGHT = 724;
    static final int ANCHORS_COMMITMENT_WEIGHT = 1124;
    static final int HTLC_OUTPUT_WEIGHT = 172;
    static final int HTLC_TIMEOUT_WEIGHT = 663;
    static final int HTLC_SUCCESS_WEIGHT = 703;
    /** BOLT 3 "to_local_anchor and to_remote_anchor Output". */
    static final long ANCHOR_SAT = 330;

    /**
     * The weight of a justice transaction sweeping one second-stage output alone to a P2WPKH: 82
     * non-witness bytes (version, locktime, one input with an empty scriptSig, one 31-byte output)
     * × 4, plus the marker and flag, and the witness {@code <sig> 01 <to_local script>} with the
     * signature counted at 72 bytes with its sighash byte and the 77-byte to_local script of a
     * 144-block delay: 328 + 2 + 154.
     */
    static final int SECOND_STAGE_JUSTICE_WEIGHT = 484;
    /** bitcoind's dust threshold of a P2WPKH output at the default dustrelayfee (3 sat/vB). */
    static final long P2WPKH_DUST_SAT = 294;

    /** The feerates the states cycle through: from the relay floor to 48 sat/vB; 3,702 puts an HTLC exactly at its trimming threshold. */
    private static final long[] FEERATES_PER_KW = {253, 1_000, 2_500, 3_702, 5_000, 7_500, 12_000};

    /** The payment hash of the two offered HTLCs whose outputs are identical. */
    static final Bytes TWIN_HASH = paymentHash("twin");

    /** One HTLC the channel carries in the states {@code inState} accepts. */
    private record Template(Htlc htlc, LongPredicate inState) {}

    /**
     * The HTLCs in flight, as the counterparty's commitment sees them (offered = the counterparty
     * pays it). Large ones are always outputs; the ones near 3,000 sat are trimmed or not by the
     * state's feerate (without anchors), and when not trimmed their second-stage output may be too
     * small for a justice of its own; 500 sat is always trimmed; 546 sat is exactly the dust limit,
     * kept with anchors (zero-fee HTLC transactions) and trimmed otherwise. The twins are two
     * offered HTLCs with the same payment hash and amount in sat (their msat differ) and different
     * expiries: identical outputs that only the cltv_expiry tie-break orders.
     */
    private static final List<Template> TEMPLATES = List.of(
            template(Htlc.Direction.OFFERED, "big-offered", 150_000_000, 1_000, n -> n % 4 != 3),
            template(Htlc.Direction.RECEIVED, "big-received", 80_000_555, 1_100, n -> n % 3 != 1),
            template(Htlc.Direction.OFFERED, "twin", 40_000_000, 1_300, n -> n % 5 == 1 || n % 5 == 2),
            template(Htlc.Direction.OFFERED, "twin", 40_000_999, 1_200, n -> n % 5 == 1 || n % 5 == 2),
            template(Htlc.Direction.OFFERED, "near-offered", 3_000_000, 1_400, n -> n % 2 == 1 || n % 7 == 1),
            template(Htlc.Direction.RECEIVED, "near-received", 2_900_000, 1_500, n -> n % 3 != 0),
            template(Htlc.Direction.OFFERED, "dust", 500_000, 1_600, n -> n % 4 == 1),
            template(Htlc.Direction.RECEIVED, "at-dust", 546_999, 1_650, n -> n % 2 == 1),
            template(Htlc.Direction.RECEIVED, "mid", 12_345_678, 1_700, n -> n % 2 == 0));

    /**
     * One second-stage HTLC transaction the counterparty could publish from its commitment: an
     * HTLC-timeout (an HTLC it offered, locktime cltv_expiry) or HTLC-success (one it received,
     * locktime 0), sequence 0, paying amount − fee to P2WSH of to_local's script. Unsigned.
     */
    record SecondStage(Htlc htlc, Transaction tx) {
        Txid txid() {
            return Txid.fromDisplayHex(tx.txid.toString());
        }

        long amountSat() {
            return tx.txOut.get(0).amount.toLong();
        }
    }

    /**
     * The counterparty's commitment {@code number} and what it holds.
     *
     * @param htlcs       every HTLC in flight, trimmed ones included (what the wallet reports)
     * @param untrimmed   the HTLCs that have an output, in output order
     * @param toLocalSat  the counterparty's output (0 if trimmed)
     * @param toRemoteSat the wallet's output (0 if trimmed)
     * @param feeSat      the base fee the funder paid
     * @param secondStage without anchors, the second-stage transaction of each untrimmed HTLC, in output order
     */
    record State(long number, long feeratePerKw, Transaction commitment, PrivateKey perCommitmentSecret, List<Htlc> htlcs,
            List<Htlc> untrimmed, long toLocalSat, long toRemoteSat, long feeSat, List<SecondStage> secondStage) {
        Bytes raw() {
            return Bytes.of(Transaction.write(commitment));
        }

        Txid txid() {
            return Txid.fromDisplayHex(commitment.txid.toString());
        }

        /** What the counterparty put at stake, and a justice sweeps: to_local and every HTLC output. */
        long stakeSat() {
            return toLocalSat + untrimmed.stream().mapToLong(Htlc::amountSat).sum();
        }

        /**
         * The second-stage transactions whose output can pay for a justice of its own at
         * {@link #JUSTICE_FEERATE_PER_KW} and still be above the sweep's dust threshold.
         */
        List<SecondStage> sweepableSecondStage() {
            long fee = -Math.floorDiv(-JUSTICE_FEERATE_PER_KW * SECOND_STAGE_JUSTICE_WEIGHT, 1000);
            return secondStage.stream().filter(s -> s.amountSat() - fee >= P2WPKH_DUST_SAT).toList();
        }

        String describe() {
            return "state " + number + " at " + feeratePerKw + " sat/kw: " + txid().toDisplayHex() + ", to_local " + toLocalSat
                    + ", to_remote " + toRemoteSat + ", fee " + feeSat + ", " + untrimmed.size() + " of " + htlcs.size()
                    + " HTLCs untrimmed, " + secondStage.size() + " second-stage txs";
        }
    }

    /** An output being placed, with the cltv_expiry of its HTLC (0 for the others) for the BIP69 tie-break. */
    private record Placed(TxOut out, long cltvExpiry, Optional<Htlc> htlc) {}

    private final ChannelType type;
    private final String label;
    private final PrivateKey walletFunding;
    private final PrivateKey theirFunding;
    private final Bytes commitmentSeed;
    private final Bytes fundingScript;
    private final OutPoint fundingOutPoint;
    private final TxOut fundingOutput;
    private final ChannelParameters channel;
    private final Bytes sweepScript;

    private CounterpartyChannel(ChannelType type, String label, Devnet devnet) {
        this.type = type;
        this.label = label;
        walletFunding = key("wallet/funding");
        theirFunding = key("their/funding");
        commitmentSeed = Bytes.of(Hashes.sha256((label + "/their/shachain-seed").getBytes(UTF_8)));
        fundingScript = DevnetChannel.fundingScript(Bolt3Keys.publicKey(walletFunding), Bolt3Keys.publicKey(theirFunding));
        sweepScript = Bolt3Scripts.p2wpkh(Bolt3Keys.publicKey(key("wallet/sweep")));

        Devnet.FaucetPayment funding = devnet.faucet(new ByteVector(Bolt3Scripts.p2wsh(fundingScript).toArray()), FUNDING_SAT);
        fundingOutPoint = funding.outPoint();
        fundingOutput = funding.output();
        channel = new ChannelParameters(type,
                new dev.vigil.justicetxbuilder.justice.OutPoint(Txid.fromDisplayHex(fundingOutPoint.txid.toString()), fundingOutPoint.index),
                false, // the counterparty opened and funded the channel
                TO_SELF_DELAY,
                new ChannelBasepoints(Bolt3Keys.publicKey(walletFunding), Bolt3Keys.publicKey(walletRevocationSecret()),
                        Bolt3Keys.publicKey(key("wallet/payment")), Bolt3Keys.publicKey(key("wallet/delayed")),
                        Bolt3Keys.publicKey(key("wallet/htlc"))),
                new ChannelBasepoints(Bolt3Keys.publicKey(theirFunding), Bolt3Keys.publicKey(key("their/revocation")),
                        Bolt3Keys.publicKey(key("their/payment")), Bolt3Keys.publicKey(key("their/delayed")),
                        Bolt3Keys.publicKey(key("their/htlc"))));
    }

    /**
     * Pays the funding output from the devnet's faucet; the funding transaction waits in the mempool
     * (the caller mines it, so several channels open in one block).
     */
    static CounterpartyChannel open(Devnet devnet, ChannelType type, String label) {
        return new CounterpartyChannel(type, label, devnet);
    }

    ChannelParameters parameters() {
        return channel;
    }

    /** The wallet's revocation basepoint secret, which signs its justice transactions. */
    PrivateKey walletRevocationSecret() {
        return key("wallet/revocation");
    }

    /** Where the wallet's justice transactions pay: its own key, distinct from to_remote's. */
    Bytes sweepScript() {
        return sweepScript;
    }

    /** The state's {@code feerate_per_kw}: it cycles so that trimming changes from state to state. */
    static long feeratePerKw(long number) {
        return FEERATES_PER_KW[(int) (number % FEERATES_PER_KW.length)];
    }

    /** The HTLCs in flight in state {@code number}, trimmed ones included. */
    static List<Htlc> htlcs(long number) {
        return TEMPLATES.stream().filter(t -> t.inState().test(number)).map(Template::htlc).toList();
    }

    /** The per-commitment secret of state {@code number} (BOLT 3 "Per-commitment Secret Requirements"). */
    PrivateKey perCommitmentSecret(long number) {
        return new PrivateKey(PerCommitmentSecrets.generate(commitmentSeed, PerCommitmentSecrets.indexOf(number)));
    }

    /** BOLT 3 "Trimmed Outputs", from the commitment owner's side. */
    boolean isTrimmed(Htlc htlc, long feeratePerKw) {
        return htlc.amountSat() - secondStageFeeSat(htlc, feeratePerKw) < DUST_LIMIT_SAT;
    }

    /** BOLT 3 "Fee Calculation": the HTLC-timeout or HTLC-success fee, 0 with option_anchors. */
    long secondStageFeeSat(Htlc htlc, long feeratePerKw) {
        if (type.hasAnchors()) {
            return 0;
        }
        return feeratePerKw * (htlc.direction() == Htlc.Direction.OFFERED ? HTLC_TIMEOUT_WEIGHT : HTLC_SUCCESS_WEIGHT) / 1000;
    }

    /** The counterparty's commitment {@code number}, signed by both funding keys and verified against the funding output. */
    State state(long number) {
        long feerate = feeratePerKw(number);
        List<Htlc> htlcs = htlcs(number);
        PrivateKey secret = perCommitmentSecret(number);
        PublicKey point = Bolt3Keys.perCommitmentPoint(secret);
        CommitmentKeys keys = channel.remoteCommitmentKeys(point);

        // Balances in msat: the wallet is paid a little more at each state; the HTLCs in flight are
        // out of both balances whether trimmed or not (a trimmed one goes to the fee).
        long toRemoteMsat = 300_000_000L + number * 10_000_321L;
        long toLocalMsat = FUNDING_SAT * 1000 - toRemoteMsat - htlcs.stream().mapToLong(Htlc::amountMsat).sum();

        List<Htlc> kept = htlcs.stream().filter(h -> !isTrimmed(h, feerate)).toList();
        int weight = (type.hasAnchors() ? ANCHORS_COMMITMENT_WEIGHT : COMMITMENT_WEIGHT) + HTLC_OUTPUT_WEIGHT * kept.size();
        long fee = feerate * weight / 1000;
        // The counterparty funded the channel: its balance pays the fee (and the anchors).
        toLocalMsat -= 1000 * (fee + (type.hasAnchors() ? 2 * ANCHOR_SAT : 0));
        long toLocal = toLocalMsat / 1000;
        long toRemote = toRemoteMsat / 1000;

        List<Placed> outputs = new ArrayList<>();
        for (Htlc h : kept) {
            outputs.add(new Placed(out(h.amountSat(), Bolt3Scripts.p2wsh(Bolt3Scripts.htlc(keys, h, type))), h.cltvExpiry(), Optional.of(h)));
        }
        boolean hasToLocal = toLocal >= DUST_LIMIT_SAT;
        boolean hasToRemote = toRemote >= DUST_LIMIT_SAT;
        if (hasToLocal) {
            outputs.add(new Placed(out(toLocal, Bolt3Scripts.p2wsh(channel.remoteToLocalScript(point))), 0, Optional.empty()));
        }
        if (hasToRemote) {
            PublicKey walletPayment = channel.local().paymentBasepoint();
            PublicKey remotePubkey = type == ChannelType.LEGACY ? Bolt3Keys.derivePublicKey(walletPayment, point) : walletPayment;
            outputs.add(new Placed(out(toRemote, Bolt3Scripts.toRemoteOutput(type, remotePubkey)), 0, Optional.empty()));
        }
        if (type.hasAnchors()) {
            // The owner's anchor is keyed by its funding key (local_funding_pubkey of its commitment).
            if (hasToLocal || !kept.isEmpty()) {
                outputs.add(new Placed(out(ANCHOR_SAT, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.remote().fundingPubkey()))), 0,
                        Optional.empty()));
            }
            if (hasToRemote || !kept.isEmpty()) {
                outputs.add(new Placed(out(ANCHOR_SAT, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.local().fundingPubkey()))), 0,
                        Optional.empty()));
            }
        }
        // BIP69 + CLTV: amount, then scriptPubKey (memcmp, shorter first), then cltv_expiry.
        outputs.sort(Comparator.<Placed>comparingLong(p -> p.out().amount.toLong())
                .thenComparing(p -> Bytes.of(p.out().publicKeyScript.toByteArray()))
                .thenComparingLong(Placed::cltvExpiry));

        long factor = channel.obscuringFactor();
        TxIn input = new TxIn(fundingOutPoint, ByteVector.empty, CommitmentNumbers.sequence(number, factor), new ScriptWitness());
        Transaction unsigned = new Transaction(2, List.of(input), outputs.stream().map(Placed::out).toList(),
                CommitmentNumbers.lockTime(number, factor));
        Transaction commitment = unsigned.updateWitness(0,
                DevnetChannel.fundingWitness(unsigned, fundingScript, fundingOutput, walletFunding, theirFunding));
        Transaction.correctlySpends(commitment, Map.of(fundingOutPoint, fundingOutput), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);

        List<Htlc> untrimmed = new ArrayList<>();
        List<SecondStage> secondStage = new ArrayList<>();
        Bytes secondStageSpk = Bolt3Scripts.p2wsh(channel.remoteToLocalScript(point));
        for (int i = 0; i < outputs.size(); i++) {
            Optional<Htlc> h = outputs.get(i).htlc();
            if (h.isEmpty()) {
                continue;
            }
            untrimmed.add(h.get());
            if (!type.hasAnchors()) {
                secondStage.add(secondStage(commitment, i, h.get(), feerate, secondStageSpk));
            }
        }
        return new State(number, feerate, commitment, secret, htlcs, List.copyOf(untrimmed), hasToLocal ? toLocal : 0,
                hasToRemote ? toRemote : 0, fee, List.copyOf(secondStage));
    }

    /** BOLT 3 "HTLC-Timeout and HTLC-Success Transactions", without option_anchors. */
    private SecondStage secondStage(Transaction commitment, int index, Htlc htlc, long feeratePerKw, Bytes toLocalSpk) {
        boolean timeout = htlc.direction() == Htlc.Direction.OFFERED;
        TxIn in = new TxIn(new OutPoint(commitment, index), ByteVector.empty, 0, new ScriptWitness());
        TxOut out = out(htlc.amountSat() - secondStageFeeSat(htlc, feeratePerKw), toLocalSpk);
        return new SecondStage(htlc, new Transaction(2, List.of(in), List.of(out), timeout ? htlc.cltvExpiry() : 0));
    }

    private static Template template(Htlc.Direction direction, String name, long amountMsat, long cltvExpiry, LongPredicate inState) {
        return new Template(new Htlc(direction, amountMsat, paymentHash(name), cltvExpiry), inState);
    }

    private static Bytes paymentHash(String name) {
        return Bytes.of(Hashes.sha256(("sdk-channel-types/" + name).getBytes(UTF_8)));
    }

    private static TxOut out(long sat, Bytes spk) {
        return new TxOut(new Satoshi(sat), spk.toArray());
    }

    private PrivateKey key(String role) {
        return new PrivateKey(Bytes.of(Hashes.sha256((label + "/" + role).getBytes(UTF_8))));
    }
}
