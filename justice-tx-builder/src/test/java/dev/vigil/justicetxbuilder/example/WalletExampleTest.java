package dev.vigil.justicetxbuilder.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.JusticeTx;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.SecondStageResult;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a wallet calls the builder; README.md quotes {@link #walletFlow}. The data is BOLT 3 Appendix
 * C's: there the counterparty ("local" in the spec) publishes commitment 42 after revoking it, and
 * the wallet ("remote" in the spec) punishes it.
 */
class WalletExampleTest {

    @Test
    void walletFlow() {
        // What the wallet learned when the channel opened (BOLT 2 open_channel / accept_channel).
        PublicKey ourFunding = Bolt3Vectors.point("remote_funding_pubkey");
        PublicKey ourRevocationBasepoint = Bolt3Vectors.point("remote_revocation_basepoint");
        PublicKey ourPayment = Bolt3Vectors.point("remote_payment_basepoint");
        PublicKey ourHtlc = Bolt3Vectors.point("remote_htlc_basepoint");
        PublicKey ourDelayed = Bolt3Keys.publicKey(PrivateKey.fromHex("33".repeat(32))); // unused by justice
        PublicKey theirFunding = Bolt3Vectors.point("local_funding_pubkey");
        PublicKey theirRevocationBasepoint = Bolt3Keys.publicKey(PrivateKey.fromHex("44".repeat(32))); // unused by justice
        PublicKey theirPayment = Bolt3Vectors.point("local_payment_basepoint");
        PublicKey theirDelayed = Bolt3Vectors.point("local_delayed_payment_basepoint");
        PublicKey theirHtlc = Bolt3Vectors.point("local_htlc_basepoint");
        PrivateKey ourRevocationBasepointSecret = Bolt3Vectors.revocationBasepointSecret();
        String fundingTxid = Bolt3Vectors.COMMON.get("funding_tx_id").asText();
        // What the counterparty sent in revoke_and_ack, and the state it revoked.
        PrivateKey perCommitmentSecret = Bolt3Vectors.perCommitmentSecret();
        Bytes revokedCommitmentTx = Bolt3Vectors.allCases().get(1).commitTx();
        List<Htlc> htlcsOfThatState = Bolt3Vectors.htlcs();
        long commitmentFeeratePerKw = Bolt3Vectors.allCases().get(1).feeratePerKw();

        // ---- README example begins ----
        // 1. Once per channel, when it opens.
        ChannelParameters channel = new ChannelParameters(
                ChannelType.STATIC_REMOTEKEY,
                new OutPoint(Txid.fromDisplayHex(fundingTxid), 0),
                false, // the counterparty opened the channel
                144,   // the to_self_delay we imposed on the counterparty's to_local
                new ChannelBasepoints(ourFunding, ourRevocationBasepoint, ourPayment, ourDelayed, ourHtlc),
                new ChannelBasepoints(theirFunding, theirRevocationBasepoint, theirPayment, theirDelayed, theirHtlc));
        JusticeTxBuilder builder = new JusticeTxBuilder(channel, ourRevocationBasepointSecret);
        Bytes sweepScript = Bolt3Scripts.p2wpkh(ourPayment); // any standard script of the wallet

        // 2. On every revoke_and_ack: justice for the commitment just revoked.
        RevokedCommitment revoked = new RevokedCommitment(revokedCommitmentTx, perCommitmentSecret, htlcsOfThatState);
        JusticeResult result = builder.build(revoked, Sweep.to(sweepScript, 2_500)); // 10 sat/vB
        List<JusticeTx> toHandToTowers = new ArrayList<>();
        if (result instanceof JusticeResult.Built built) {
            toHandToTowers.addAll(built.transactions()); // encrypt each under the commitment's txid
        } else if (result instanceof JusticeResult.BelowDust dust) {
            // nothing worth sweeping at this feerate: dust.inputSat() is all the cheater put at stake
        } else if (result instanceof JusticeResult.NothingToSweep nothing) {
            // the counterparty had no to_local and no HTLC in this state
        }

        // 3. For a tower that escalates fees: the same spend at rising feerates (RBF replacements).
        Sweep base = Sweep.to(sweepScript, 2_500);
        List<JusticeResult> ladder = builder.feeLadder(revoked,
                List.of(base, base.withFeerate(12_500), base.withFeerate(50_000)));

        // 4. Non-anchor channels: justice for each HTLC transaction the cheater could publish,
        //    keyed by that transaction's txid, known in advance.
        SecondStageResult second = builder.secondStageJustice(revoked, commitmentFeeratePerKw, base);
        // ---- README example ends ----

        // What the example produced, checked by the independent interpreter.
        JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, result).only();
        assertEquals(1, toHandToTowers.size());
        Kmp.verify(jt.rawTx(), revokedCommitmentTx);
        assertEquals(6, jt.spends().size(), "to_local and five HTLC outputs");
        for (JusticeResult rung : ladder) {
            Kmp.verify(assertInstanceOf(JusticeResult.Built.class, rung).only().rawTx(), revokedCommitmentTx);
        }
        List<SecondStageResult.SecondStageJustice> entries =
                assertInstanceOf(SecondStageResult.Predicted.class, second).entries();
        assertEquals(5, entries.size());
        // At 10 sat/vB the 1000-sat HTLC's justice would not clear the dust threshold; the others do.
        assertEquals(4, entries.stream().filter(e -> e.justice() instanceof JusticeResult.Built).count());
        assertTrue(entries.stream().filter(e -> e.htlc().amountSat() == 1000)
                .allMatch(e -> e.justice() instanceof JusticeResult.BelowDust));
    }
}
