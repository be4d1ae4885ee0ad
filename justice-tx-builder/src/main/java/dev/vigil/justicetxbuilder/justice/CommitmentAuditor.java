package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link JusticeTxBuilder#audit}: explains every output of a located counterparty commitment.
 *
 * <p>The secret rule: {@link CommitmentAudit.SecretMismatch} when no output is derived from the
 * secret's point (to_local, an HTLC of the list, LEGACY's to_remote) while some output is not a
 * static one (to_remote of STATIC_REMOTEKEY/ANCHORS, an anchor). With the right secret it cannot
 * fire on a commitment whose counterparty balance is trimmed: either an untrimmed HTLC (in the list)
 * is derived from the point, or the outputs left are to_remote and anchors, which are static
 * (LEGACY's to_remote is derived from the point and found). Its one ambiguity: to_local trimmed and
 * every HTLC output left out of the list looks the same as a wrong secret; both are refused.
 */
final class CommitmentAuditor {
    /** BOLT 3 "Anchor Outputs": each anchor is 330 sat. */
    static final long ANCHOR_SAT = 330;
    /** BOLT 3 "Fee Calculation": expected weights of HTLC-timeout and HTLC-success, without anchors. */
    static final int HTLC_TIMEOUT_WEIGHT = 663;
    static final int HTLC_SUCCESS_WEIGHT = 703;

    private CommitmentAuditor() {}

    /**
     * The fee of {@code htlc}'s second-stage transaction (BOLT 3 "Fee Calculation", rounded down):
     * HTLC-timeout for an offered HTLC, HTLC-success for a received one (directions as the commitment
     * owner sees them); zero with option_anchors (zero-fee HTLC transactions).
     */
    static long secondStageFeeSat(Htlc htlc, ChannelType type, long feeratePerKw) {
        if (type.hasAnchors()) {
            return 0;
        }
        int weight = htlc.direction() == Htlc.Direction.OFFERED ? HTLC_TIMEOUT_WEIGHT : HTLC_SUCCESS_WEIGHT;
        return feeratePerKw * weight / 1000;
    }

    /** BOLT 3 "Trimmed Outputs": amount_sat - second-stage fee below the owner's dust limit. */
    static boolean isTrimmed(Htlc htlc, ChannelType type, long feeratePerKw, long dustLimitSat) {
        return htlc.amountSat() < dustLimitSat + secondStageFeeSat(htlc, type, feeratePerKw);
    }

    static CommitmentAudit audit(ChannelParameters channel, ParsedTx tx, LocateResult.Located located,
                                 PublicKey point, long feeratePerKw, long dustLimitSat) {
        List<ParsedTx.Output> outs = tx.outputs();
        boolean[] explained = new boolean[outs.size()];
        for (RevokedOutput o : located.outputs()) {
            explained[(int) o.outpoint().index()] = true;
        }
        // to_remote is the wallet's output on the counterparty's commitment (BOLT 3 "to_remote
        // Output"): LEGACY tweaks the wallet's payment basepoint with the point ("localpubkey,
        // remotepubkey Derivation"), the other types pay the basepoint itself.
        PublicKey remotePubkey = channel.type() == ChannelType.LEGACY
                ? Bolt3Keys.derivePublicKey(channel.local().paymentBasepoint(), point)
                : channel.local().paymentBasepoint();
        boolean toRemote = claim(outs, explained, Bolt3Scripts.toRemoteOutput(channel.type(), remotePubkey), -1);
        if (channel.type().hasAnchors()) {
            // One anchor per funding key; either may be absent when its side has nothing on the
            // commitment (BOLT 3 "Commitment Transaction Construction").
            claim(outs, explained, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.remote().fundingPubkey())), ANCHOR_SAT);
            claim(outs, explained, Bolt3Scripts.p2wsh(Bolt3Scripts.anchor(channel.local().fundingPubkey())), ANCHOR_SAT);
        }
        List<Integer> unexplained = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            if (!explained[i]) {
                unexplained.add(i);
            }
        }
        boolean fromPoint = !located.outputs().isEmpty() || (channel.type() == ChannelType.LEGACY && toRemote);
        if (!fromPoint && !unexplained.isEmpty()) {
            return new CommitmentAudit.SecretMismatch("no output of " + located.commitment().txid()
                    + " is derived from the per-commitment point " + point + " (to_local, an HTLC of the list"
                    + (channel.type() == ChannelType.LEGACY ? ", to_remote" : "") + ") while outputs " + unexplained
                    + " are not to_remote or an anchor: the secret is not this commitment's (or, if its to_local"
                    + " is trimmed, none of its HTLC outputs is in the list)");
        }
        List<Htlc> missing = new ArrayList<>();
        for (Htlc h : located.absentHtlcs()) {
            if (!isTrimmed(h, channel.type(), feeratePerKw, dustLimitSat)) {
                missing.add(h);
            }
        }
        List<Htlc> shouldBeTrimmed = new ArrayList<>();
        for (RevokedOutput o : located.outputs()) {
            if (o.htlc().isPresent() && isTrimmed(o.htlc().get(), channel.type(), feeratePerKw, dustLimitSat)) {
                shouldBeTrimmed.add(o.htlc().get());
            }
        }
        if (missing.isEmpty() && shouldBeTrimmed.isEmpty() && unexplained.isEmpty()) {
            return new CommitmentAudit.Consistent(located, fromPoint);
        }
        return new CommitmentAudit.HtlcMismatch(missing, shouldBeTrimmed, unexplained,
                "at " + feeratePerKw + " sat/kw and a dust limit of " + dustLimitSat + " sat: "
                        + missing.size() + " HTLC(s) of the list have no output though BOLT 3 keeps them, "
                        + shouldBeTrimmed.size() + " have one though BOLT 3 trims them, outputs " + unexplained
                        + " are explained by nothing");
    }

    /** Marks the first unexplained output paying {@code spk} (with {@code amountSat}, unless -1). */
    private static boolean claim(List<ParsedTx.Output> outs, boolean[] explained, Bytes spk, long amountSat) {
        for (int i = 0; i < outs.size(); i++) {
            ParsedTx.Output o = outs.get(i);
            if (!explained[i] && o.scriptPubKey().equals(spk) && (amountSat < 0 || o.amountSat() == amountSat)) {
                explained[i] = true;
                return true;
            }
        }
        return false;
    }
}
