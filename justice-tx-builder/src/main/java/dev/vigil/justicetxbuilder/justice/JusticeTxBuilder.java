package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.CommitmentKeys;
import dev.vigil.justicetxbuilder.scripts.CommitmentNumbers;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds and signs justice transactions for one channel, on the wallet's side: everything the
 * counterparty put at stake in a revoked commitment (its to_local and every HTLC output) is swept
 * through the revocation path (BOLT 5 "Revoked Transaction Close Handling").
 *
 * <p>Thread-safe (its {@link RevocationSigner} must be). Its one piece of state is a memo of the
 * public keys derived for the last per-commitment secret it was given: reporting one revoked state
 * audits it, builds its justice and predicts its second stages, and each of those would otherwise
 * derive the same points again (point multiplications are most of the cost on a phone). Every transaction is version 2, locktime 0, each input with sequence
 * 0xfffffffd (replaceable, no relative lock: the revocation branch needs none), one output to the
 * sweep script, fee = ceil(feerate × estimated weight / 1000) with the weight estimated before
 * signing. Every input is signed through the {@link RevocationSigner}; with the in-memory one
 * ({@link RevocationSigner#of}) signatures are deterministic (RFC6979), so the same request always
 * gives the same bytes.
 */
public final class JusticeTxBuilder {
    private final ChannelParameters channel;
    private final RevocationSigner signer;
    /** The last derivation (public values and the already revealed secret), replaced whole: no lock needed. */
    private volatile Derived last;

    /** What one per-commitment secret gives on the counterparty's commitment (BOLT 3 "Key Derivation"). */
    private record Derived(PrivateKey secret, PublicKey point, CommitmentKeys keys, Bytes toLocalScript) {}

    /**
     * A builder that signs with the revocation basepoint secret in memory: the same as
     * {@code new JusticeTxBuilder(channel, RevocationSigner.of(revocationBasepointSecret))}.
     *
     * @param channel                   the channel's static parameters
     * @param revocationBasepointSecret the secret of {@code channel.local().revocationBasepoint()}
     * @throws IllegalArgumentException if it is not that secret
     */
    public JusticeTxBuilder(ChannelParameters channel, PrivateKey revocationBasepointSecret) {
        this(channel, RevocationSigner.of(Objects.requireNonNull(revocationBasepointSecret, "revocationBasepointSecret")));
    }

    /**
     * A builder that signs every penalty input through {@code signer} (see its contract for threading
     * and blocking); the builder stays immutable and thread-safe as long as the signer is thread-safe.
     *
     * @param channel the channel's static parameters
     * @param signer  holds the secret of {@code channel.local().revocationBasepoint()}; asked for its
     *                basepoint once, here
     * @throws IllegalArgumentException if {@code signer.revocationBasepoint()} is not the channel's
     *                                  local revocation basepoint
     */
    public JusticeTxBuilder(ChannelParameters channel, RevocationSigner signer) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.signer = Objects.requireNonNull(signer, "signer");
        PublicKey basepoint = signer.revocationBasepoint();
        if (!channel.local().revocationBasepoint().equals(basepoint)) {
            throw new IllegalArgumentException("the signer holds the secret of revocation basepoint " + basepoint
                    + ", not of the channel's local revocation basepoint " + channel.local().revocationBasepoint());
        }
    }

    /** The derivation for {@code secret}, from the memo when it is the last one seen. */
    private Derived derived(PrivateKey secret) {
        Derived d = last;
        if (d != null && secret.equals(d.secret())) {
            return d;
        }
        return derive(secret, Bolt3Keys.perCommitmentPoint(secret));
    }

    /** The derivation for a point given without its secret (the public {@link #locate}). */
    private Derived derived(PublicKey point) {
        Derived d = last;
        if (d != null && point.equals(d.point())) {
            return d;
        }
        return derive(null, point);
    }

    private Derived derive(PrivateKey secret, PublicKey point) {
        CommitmentKeys keys = channel.remoteCommitmentKeys(point);
        Derived d = new Derived(secret, point, keys, Bolt3Scripts.toLocal(keys, channel.remoteToSelfDelay()));
        if (secret != null) {
            last = d;
        }
        return d;
    }

    public ChannelParameters channel() {
        return channel;
    }

    /**
     * Whether {@code tx} is a commitment of this channel: one input spending the funding outpoint,
     * version 2, and the BOLT 3 tags (0x20 in the locktime's top byte, 0x80 in the sequence's), from
     * which the commitment number is recovered.
     */
    public Recognition recognise(Bytes tx) {
        return BitcoinjTransactions.parse(tx)
                .<Recognition>map(this::recognise)
                .orElseGet(() -> new NotACommitment("the transaction does not parse"));
    }

    private Recognition recognise(ParsedTx tx) {
        if (tx.inputs().size() != 1 || !tx.inputs().get(0).outpoint().equals(channel.fundingOutpoint())) {
            return new NotACommitment("it does not spend the funding outpoint " + channel.fundingOutpoint() + " alone");
        }
        long sequence = tx.inputs().get(0).sequence();
        if (tx.version() != 2 || !CommitmentNumbers.isTagged(tx.lockTime(), sequence)) {
            return new NotACommitment("version, locktime or sequence is not that of a BOLT 3 commitment");
        }
        long number = CommitmentNumbers.recover(tx.lockTime(), sequence, channel.obscuringFactor());
        return new Recognition.Commitment(tx.txid(), number);
    }

    /**
     * Finds the revoked outputs of the counterparty commitment {@code commitmentTx} built with
     * {@code perCommitmentPoint}: to_local and each HTLC output, matched by script and amount (never
     * by position: BIP69 order depends on amounts and scripts). Two HTLCs with the same script and
     * amount take one output each.
     */
    public LocateResult locate(Bytes commitmentTx, PublicKey perCommitmentPoint, List<Htlc> htlcs) {
        Optional<ParsedTx> parsed = BitcoinjTransactions.parse(commitmentTx);
        if (!parsed.isPresent()) { // Optional.isEmpty() is not in Android API 26
            return new NotACommitment("the transaction does not parse");
        }
        return locate(parsed.get(), perCommitmentPoint, htlcs);
    }

    private LocateResult locate(ParsedTx tx, PublicKey perCommitmentPoint, List<Htlc> htlcs) {
        Recognition r = recognise(tx);
        if (r instanceof NotACommitment no) {
            return no;
        }
        Derived derived = derived(perCommitmentPoint);
        CommitmentKeys keys = derived.keys();
        List<ParsedTx.Output> outs = tx.outputs();
        boolean[] taken = new boolean[outs.size()];
        List<RevokedOutput> found = new ArrayList<>();

        Bytes toLocal = derived.toLocalScript();
        Bytes toLocalSpk = Bolt3Scripts.p2wsh(toLocal);
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).scriptPubKey().equals(toLocalSpk)) {
                taken[i] = true;
                found.add(new RevokedOutput(RevokedOutput.Kind.TO_LOCAL, new OutPoint(tx.txid(), i),
                        outs.get(i).amountSat(), toLocal, Optional.empty()));
                break;
            }
        }
        // BOLT 3 orders outputs by amount, then script, then (for identical offered-HTLC outputs,
        // whose script has no expiry) by cltv_expiry: matching HTLCs in cltv order to the first free
        // output gives each the output it really has, which fixes its HTLC-timeout txid.
        Integer[] byExpiry = new Integer[htlcs.size()];
        for (int h = 0; h < byExpiry.length; h++) {
            byExpiry[h] = h;
        }
        Arrays.sort(byExpiry, Comparator.comparingLong(h -> htlcs.get(h).cltvExpiry()));
        boolean[] matched = new boolean[htlcs.size()];
        for (int h : byExpiry) {
            Htlc htlc = htlcs.get(h);
            Bytes script = Bolt3Scripts.htlc(keys, htlc, channel.type());
            Bytes spk = Bolt3Scripts.p2wsh(script);
            for (int i = 0; i < outs.size() && !matched[h]; i++) {
                if (!taken[i] && outs.get(i).amountSat() == htlc.amountSat() && outs.get(i).scriptPubKey().equals(spk)) {
                    taken[i] = true;
                    matched[h] = true;
                    RevokedOutput.Kind kind = htlc.direction() == Htlc.Direction.OFFERED
                            ? RevokedOutput.Kind.OFFERED_HTLC : RevokedOutput.Kind.RECEIVED_HTLC;
                    found.add(new RevokedOutput(kind, new OutPoint(tx.txid(), i), htlc.amountSat(), script, Optional.of(htlc)));
                }
            }
        }
        List<Htlc> absent = new ArrayList<>();
        for (int h = 0; h < matched.length; h++) {
            if (!matched[h]) {
                absent.add(htlcs.get(h));
            }
        }
        found.sort(Comparator.comparingLong(o -> o.outpoint().index()));
        return new LocateResult.Located((Recognition.Commitment) r, found, absent);
    }

    /**
     * Checks that {@code revoked} fits this channel before anything built from it is kept: every
     * output of the commitment is explained (to_local, to_remote, the anchors, each HTLC of the list)
     * and every HTLC of the list without an output is one BOLT 3 "Trimmed Outputs" trims. Signs
     * nothing; never calls the signer. See {@link CommitmentAudit} for the outcomes. The secret rule: {@link CommitmentAudit.SecretMismatch}
     * when no output is derived from the secret's point (to_local, an HTLC of the list, LEGACY's
     * to_remote) while some output is not a static one (to_remote of STATIC_REMOTEKEY/ANCHORS, an
     * anchor). With the right secret this cannot fire on a commitment whose counterparty balance is
     * trimmed: an untrimmed HTLC is derived from the point, or what is left is to_remote and anchors.
     *
     * @param commitmentFeeratePerKw the feerate of the revoked commitment (it sets the HTLC
     *                               transaction fees that decide trimming, without anchors)
     * @param remoteDustLimitSat     the counterparty's {@code dust_limit_satoshis}: the commitment is
     *                               the counterparty's, so its owner's dust limit applies
     */
    public CommitmentAudit audit(RevokedCommitment revoked, long commitmentFeeratePerKw, long remoteDustLimitSat) {
        Objects.requireNonNull(revoked, "revoked");
        if (commitmentFeeratePerKw < 0 || remoteDustLimitSat < 0) {
            throw new IllegalArgumentException("feerate and dust limit must not be negative");
        }
        Optional<ParsedTx> parsed = BitcoinjTransactions.parse(revoked.commitmentTx());
        if (!parsed.isPresent()) { // Optional.isEmpty() is not in Android API 26
            return new NotACommitment("the transaction does not parse");
        }
        PublicKey point = derived(revoked.perCommitmentSecret()).point();
        LocateResult located = locate(parsed.get(), point, revoked.htlcs());
        if (located instanceof NotACommitment no) {
            return no;
        }
        return CommitmentAuditor.audit(channel, parsed.get(), (LocateResult.Located) located, point,
                commitmentFeeratePerKw, remoteDustLimitSat);
    }

    /** Builds and signs the justice transaction(s) for a revoked commitment at one feerate. */
    public JusticeResult build(RevokedCommitment revoked, Sweep sweep) {
        return feeLadder(revoked, Lists.of(sweep)).get(0);
    }

    /**
     * The same justice signed at several feerates, for a tower that escalates fees: each rung spends
     * the same outputs as the one before, so it replaces it (BIP125). To satisfy BIP125's rule 4 at
     * the default incremental relay feerate (1 sat/vB), a rung pays at least the previous fee plus its
     * own vsize, which may be a little more than its feerate alone asks.
     *
     * @param rungs sweeps with the same script and weight limit and strictly increasing feerates
     * @return one result per rung, in order
     */
    public List<JusticeResult> feeLadder(RevokedCommitment revoked, List<Sweep> rungs) {
        checkLadder(rungs);
        PublicKey point = derived(revoked.perCommitmentSecret()).point();
        LocateResult located = locate(revoked.commitmentTx(), point, revoked.htlcs());
        if (located instanceof NotACommitment no) {
            return Collections.nCopies(rungs.size(), no);
        }
        LocateResult.Located found = (LocateResult.Located) located;
        if (found.outputs().isEmpty()) {
            JusticeResult none = new JusticeResult.NothingToSweep(
                    "no output of " + found.commitment().txid() + " matches the revoked scripts");
            return Collections.nCopies(rungs.size(), none);
        }
        return sign(found.outputs(), found.absentHtlcs(), revoked.perCommitmentSecret(), rungs);
    }

    /**
     * Prebuilds justice for the second-stage HTLC transactions the counterparty could publish from
     * the revoked commitment (BOLT 5: their outputs pay to_local's script, so the revocation key
     * takes them too). Without anchors those transactions are fully determined (one input, one
     * output, both signatures SIGHASH_ALL), so their txids are known now and a tower can be given
     * their justice in advance. Each entry's output is swept alone, since each is a separate dispute.
     *
     * @param commitmentFeeratePerKw the feerate of the revoked commitment, which sets the
     *                               second-stage fees (BOLT 3 "Fee Calculation")
     */
    public SecondStageResult secondStageJustice(RevokedCommitment revoked, long commitmentFeeratePerKw, Sweep sweep) {
        if (channel.type().hasAnchors()) {
            return new SecondStageResult.Unpredictable(
                    "option_anchors HTLC transactions are SINGLE|ANYONECANPAY with counterparty-added fee inputs");
        }
        if (commitmentFeeratePerKw < 0) {
            throw new IllegalArgumentException("commitmentFeeratePerKw must not be negative");
        }
        PublicKey point = derived(revoked.perCommitmentSecret()).point();
        LocateResult located = locate(revoked.commitmentTx(), point, revoked.htlcs());
        if (located instanceof NotACommitment no) {
            return no;
        }
        Bytes toLocal = derived(revoked.perCommitmentSecret()).toLocalScript();
        Bytes toLocalSpk = Bolt3Scripts.p2wsh(toLocal);
        List<SecondStageResult.SecondStageJustice> entries = new ArrayList<>();
        JusticeResult signerFailed = null; // once the signer fails, the entries after it are not signed
        for (RevokedOutput out : ((LocateResult.Located) located).outputs()) {
            if (!out.htlc().isPresent()) { // Optional.isEmpty() is not in Android API 26
                continue;
            }
            Htlc htlc = out.htlc().get();
            boolean timeout = htlc.direction() == Htlc.Direction.OFFERED;
            long fee = CommitmentAuditor.secondStageFeeSat(htlc, channel.type(), commitmentFeeratePerKw);
            long value = out.amountSat() - fee;
            if (value <= 0) {
                continue; // such an HTLC would have been trimmed; no second stage can exist
            }
            Txid txid = BitcoinjTransactions.secondStageTxid(
                    out.outpoint(), timeout ? htlc.cltvExpiry() : 0, value, toLocalSpk);
            RevokedOutput second = new RevokedOutput(RevokedOutput.Kind.SECOND_STAGE_HTLC,
                    new OutPoint(txid, 0), value, toLocal, Optional.empty());
            JusticeResult justice = signerFailed != null ? signerFailed
                    : sign(Lists.of(second), Lists.of(), revoked.perCommitmentSecret(), Lists.of(sweep)).get(0);
            if (justice instanceof JusticeResult.SignerFailed) {
                signerFailed = justice;
            }
            entries.add(new SecondStageResult.SecondStageJustice(htlc, out, txid, justice));
        }
        return new SecondStageResult.Predicted(entries);
    }

    /**
     * Justice for a second-stage HTLC transaction already seen (any channel type, including anchor
     * channels, whose HTLC transactions may batch several outputs): every output paying the revoked
     * to_local script is swept.
     */
    public JusticeResult buildFromSecondStageTx(Bytes secondStageTx, PrivateKey perCommitmentSecret, Sweep sweep) {
        Optional<ParsedTx> parsed = BitcoinjTransactions.parse(secondStageTx);
        if (!parsed.isPresent()) { // Optional.isEmpty() is not in Android API 26
            return new JusticeResult.NothingToSweep("the transaction does not parse");
        }
        ParsedTx tx = parsed.get();
        Bytes toLocal = derived(perCommitmentSecret).toLocalScript();
        Bytes spk = Bolt3Scripts.p2wsh(toLocal);
        List<RevokedOutput> found = new ArrayList<>();
        for (int i = 0; i < tx.outputs().size(); i++) {
            if (tx.outputs().get(i).scriptPubKey().equals(spk)) {
                found.add(new RevokedOutput(RevokedOutput.Kind.SECOND_STAGE_HTLC, new OutPoint(tx.txid(), i),
                        tx.outputs().get(i).amountSat(), toLocal, Optional.empty()));
            }
        }
        if (found.isEmpty()) {
            return new JusticeResult.NothingToSweep("no output of " + tx.txid() + " pays the revoked to_local script");
        }
        return sign(found, Lists.of(), perCommitmentSecret, Lists.of(sweep)).get(0);
    }

    /**
     * Signs {@code outputs} at every rung. All or nothing: if the signer fails on any input of any
     * rung, every rung is {@link JusticeResult.SignerFailed} and the signer is not asked again.
     */
    private List<JusticeResult> sign(List<RevokedOutput> outputs, List<Htlc> absent, PrivateKey perCommitmentSecret,
                                     List<Sweep> rungs) {
        // The public half of the signer's key: revocationpubkey is both the HTLC witnesses' second
        // item and what each returned signature is checked against.
        PublicKey revocationPubkey = derived(perCommitmentSecret).keys().revocationKey();
        Bytes script = rungs.get(0).scriptPubKey();
        List<List<RevokedOutput>> chunks = chunk(outputs, script, rungs.get(0).maxTxWeight());
        long[] previousFee = new long[chunks.size()];
        List<JusticeResult> results = new ArrayList<>();
        for (Sweep rung : rungs) {
            List<JusticeTx> txs = new ArrayList<>();
            List<RevokedOutput> dust = new ArrayList<>();
            long totalIn = 0;
            long totalFee = 0;
            for (int c = 0; c < chunks.size(); c++) {
                List<RevokedOutput> chunk = chunks.get(c);
                int estimate = WeightEstimator.estimate(chunk, script);
                long fee = ceilDiv(rung.feeratePerKw() * estimate, 1000);
                if (previousFee[c] > 0) {
                    fee = Math.max(fee, previousFee[c] + ceilDiv(estimate, 4));
                }
                long in = chunk.stream().mapToLong(RevokedOutput::amountSat).sum();
                totalIn += in;
                totalFee += fee;
                if (in - fee < rung.dustThresholdSat()) {
                    dust.addAll(chunk);
                    continue;
                }
                previousFee[c] = fee;
                BitcoinjTransactions.Signing signing = BitcoinjTransactions.signJustice(
                        chunk, script, in - fee, signer, perCommitmentSecret, revocationPubkey);
                if (signing instanceof BitcoinjTransactions.Refused refused) {
                    JusticeResult failed = new JusticeResult.SignerFailed(
                            "at " + rung.feeratePerKw() + " sat/kw: " + refused.reason());
                    return Collections.nCopies(rungs.size(), failed);
                }
                BitcoinjTransactions.Signed s = (BitcoinjTransactions.Signed) signing;
                txs.add(new JusticeTx(s.raw(), s.txid(), s.weight(), estimate, fee, rung.feeratePerKw(), in - fee, chunk));
            }
            results.add(txs.isEmpty()
                    ? new JusticeResult.BelowDust(totalIn, totalFee, rung.dustThresholdSat())
                    : new JusticeResult.Built(txs, absent, dust));
        }
        return results;
    }

    /**
     * One chunk in output order if everything fits under {@code maxWeight}; otherwise the outputs,
     * largest first, packed greedily, so that small HTLCs that may not pay for themselves end up
     * together in the last chunk rather than dragging a large one below dust.
     */
    static List<List<RevokedOutput>> chunk(List<RevokedOutput> outputs, Bytes script, int maxWeight) {
        if (WeightEstimator.estimate(outputs, script) <= maxWeight) {
            return Lists.of(outputs);
        }
        List<RevokedOutput> bySize = new ArrayList<>(outputs);
        bySize.sort(Comparator.comparingLong(RevokedOutput::amountSat).reversed()
                .thenComparingLong(o -> o.outpoint().index()));
        List<List<RevokedOutput>> chunks = new ArrayList<>();
        List<RevokedOutput> current = new ArrayList<>();
        for (RevokedOutput o : bySize) {
            current.add(o);
            if (current.size() > 1 && WeightEstimator.estimate(current, script) > maxWeight) {
                current.remove(current.size() - 1);
                chunks.add(current);
                current = new ArrayList<>(Lists.of(o));
            }
        }
        chunks.add(current);
        List<List<RevokedOutput>> ordered = new ArrayList<>();
        for (List<RevokedOutput> c : chunks) {
            c.sort(Comparator.comparingLong(o -> o.outpoint().index()));
            ordered.add(Lists.copyOf(c));
        }
        return ordered;
    }

    private static void checkLadder(List<Sweep> rungs) {
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("a fee ladder needs at least one rung");
        }
        Sweep first = rungs.get(0);
        for (int i = 1; i < rungs.size(); i++) {
            Sweep r = rungs.get(i);
            if (!r.scriptPubKey().equals(first.scriptPubKey()) || r.maxTxWeight() != first.maxTxWeight()) {
                throw new IllegalArgumentException("every rung sweeps to the same script with the same weight limit");
            }
            if (r.feeratePerKw() <= rungs.get(i - 1).feeratePerKw()) {
                throw new IllegalArgumentException("rung feerates must strictly increase");
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
