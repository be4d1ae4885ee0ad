package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import fr.acinq.bitcoin.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Justice for the outputs of second-stage HTLC transactions: predicted in advance for non-anchor
 * channels (the predicted txids must be those of the Appendix C HTLC transactions), and built from the
 * published transaction for any channel (all 48 HTLC transactions of Appendix C and F).
 */
class SecondStageTest {
    private static final Sweep SWEEP = Sweep.to(Bolt3Vectors.sweepScript(), Sweep.MIN_FEERATE_PER_KW);

    @TestFactory
    List<DynamicTest> predictedTxidsAreTheAppendixCHtlcTransactions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            if (c.type().hasAnchors()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> {
                SecondStageResult r = Bolt3Vectors.builder(c.type())
                        .secondStageJustice(Bolt3Vectors.revoked(c), c.feeratePerKw(), SWEEP);
                List<SecondStageResult.SecondStageJustice> entries =
                        assertInstanceOf(SecondStageResult.Predicted.class, r).entries();
                Map<Long, JsonNode> byOutput = new HashMap<>();
                for (JsonNode h : c.json().get("htlc_txs")) {
                    byOutput.put(h.get("commit_output_index").asLong(), h);
                }
                assertEquals(byOutput.size(), entries.size());
                for (SecondStageResult.SecondStageJustice e : entries) {
                    JsonNode h = byOutput.get(e.htlcOutput().outpoint().index());
                    assertEquals(h.get("txid_computed").asText(), e.secondStageTxid().toDisplayHex());
                    assertEquals(h.get("htlc_index").asInt(), Bolt3Vectors.htlcs().indexOf(e.htlc()),
                            "HTLCs 5 and 6 share script and amount: BOLT 3 orders them by cltv_expiry");
                    // The prebuilt justice spends the real HTLC transaction's output.
                    JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, e.justice()).only();
                    Kmp.verify(jt.rawTx(), Bytes.of(SharedFiles.hex(h, "expected_tx")));
                    assertEquals(RevokedOutput.Kind.SECOND_STAGE_HTLC, jt.spends().get(0).kind());
                }
            }));
        }
        assertEquals(16, tests.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> justiceFromEveryPublishedHtlcTransaction() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            int n = 0;
            for (JsonNode h : c.json().get("htlc_txs")) {
                Bytes htlcTx = Bytes.of(SharedFiles.hex(h, "expected_tx"));
                tests.add(DynamicTest.dynamicTest(c.displayName() + " / HTLC tx " + n++, () -> {
                    JusticeResult r = Bolt3Vectors.builder(c.type())
                            .buildFromSecondStageTx(htlcTx, Bolt3Vectors.perCommitmentSecret(), SWEEP);
                    JusticeTx jt = assertInstanceOf(JusticeResult.Built.class, r).only();
                    Kmp.verify(jt.rawTx(), htlcTx);
                    Transaction parent = Kmp.tx(htlcTx);
                    assertEquals(parent.txOut.get(0).amount.toLong(), jt.sweptSat() + jt.feeSat());
                    assertTrue(jt.estimatedWeight() >= jt.weight() && jt.estimatedWeight() - jt.weight() <= 2);
                }));
            }
        }
        assertEquals(48, tests.size());
        return tests;
    }

    @Test
    void anchorChannelsCannotPredictTheirHtlcTransactions() {
        Bolt3Vectors.Case c = Bolt3Vectors.allCases().stream()
                .filter(k -> k.type() == ChannelType.ANCHORS && k.json().get("htlc_txs").size() > 0)
                .findFirst().orElseThrow();
        assertInstanceOf(SecondStageResult.Unpredictable.class,
                Bolt3Vectors.builder(c.type()).secondStageJustice(Bolt3Vectors.revoked(c), c.feeratePerKw(), SWEEP));
    }

    @Test
    void aTransactionWithoutTheRevokedScriptHasNothingToSweep() {
        Bolt3Vectors.Case c = Bolt3Vectors.allCases().get(0);
        // The commitment's to_remote-only sibling: "one output untrimmed" pays only the wallet.
        Bolt3Vectors.Case toRemoteOnly = Bolt3Vectors.allCases().stream()
                .filter(k -> k.json().get("outputs_decoded").size() == 1).findFirst().orElseThrow();
        assertInstanceOf(JusticeResult.NothingToSweep.class, Bolt3Vectors.builder(c.type())
                .buildFromSecondStageTx(toRemoteOnly.commitTx(), Bolt3Vectors.perCommitmentSecret(), SWEEP));
        assertInstanceOf(JusticeResult.NothingToSweep.class, Bolt3Vectors.builder(c.type())
                .buildFromSecondStageTx(Bytes.fromHex("00"), Bolt3Vectors.perCommitmentSecret(), SWEEP));
    }
}
