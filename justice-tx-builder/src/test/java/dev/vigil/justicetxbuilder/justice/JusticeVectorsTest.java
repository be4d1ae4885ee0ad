package dev.vigil.justicetxbuilder.justice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.encoding.Bytes;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every commitment of Appendix C and F: recognise it, build its justice transaction and verify
 * every input with bitcoin-kmp at standard flags; check that it sweeps exactly the to_local and HTLC
 * outputs, and that the weight estimate bounds the signed weight from above, tightly.
 */
class JusticeVectorsTest {
    private static final Map<String, RevokedOutput.Kind> KINDS = Map.of(
            "to_local", RevokedOutput.Kind.TO_LOCAL,
            "htlc_offered", RevokedOutput.Kind.OFFERED_HTLC,
            "htlc_received", RevokedOutput.Kind.RECEIVED_HTLC);

    @TestFactory
    List<DynamicTest> recogniseEveryCommitment() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> {
                Recognition r = Bolt3Vectors.builder(c.type()).recognise(c.commitTx());
                Recognition.Commitment commitment = assertInstanceOf(Recognition.Commitment.class, r);
                assertEquals(Bolt3Vectors.KEYS.get("commitment_number").asLong(), commitment.commitmentNumber());
                assertEquals(c.json().get("commit_txid_computed").asText(), commitment.txid().toDisplayHex());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> justiceForEveryCommitmentAtTheRelayFloor() {
        return justiceTests(Sweep.MIN_FEERATE_PER_KW);
    }

    @TestFactory
    List<DynamicTest> justiceForEveryCommitmentAt10SatPerVbyte() {
        return justiceTests(2_500);
    }

    private static List<DynamicTest> justiceTests(long feerate) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> checkJustice(c, feerate)));
        }
        assertEquals(25, tests.size());
        return tests;
    }

    private static void checkJustice(Bolt3Vectors.Case c, long feerate) {
        Sweep sweep = Sweep.to(Bolt3Vectors.sweepScript(), feerate);
        JusticeResult result = Bolt3Vectors.builder(c.type()).build(Bolt3Vectors.revoked(c), sweep);

        // What the vector says is at stake: output index -> kind.
        Map<Integer, RevokedOutput.Kind> atStake = new TreeMap<>();
        List<Integer> presentHtlcs = new ArrayList<>();
        long stakeSat = 0;
        for (JsonNode o : c.json().get("outputs_decoded")) {
            RevokedOutput.Kind kind = KINDS.get(o.get("kind").asText());
            if (kind != null) {
                atStake.put(o.get("index").asInt(), kind);
                stakeSat += o.get("amount_sat").asLong();
            }
            if (o.has("htlc_index")) {
                presentHtlcs.add(o.get("htlc_index").asInt());
            }
        }
        if (atStake.isEmpty()) {
            assertInstanceOf(JusticeResult.NothingToSweep.class, result);
            return;
        }
        if (result instanceof JusticeResult.BelowDust dust) {
            assertEquals(stakeSat, dust.inputSat());
            assertTrue(dust.inputSat() - dust.feeSat() < sweep.dustThresholdSat());
            assertTrue(feerate > Sweep.MIN_FEERATE_PER_KW, "every vector commitment is sweepable at the floor");
            return;
        }
        JusticeResult.Built built = assertInstanceOf(JusticeResult.Built.class, result);
        JusticeTx jt = built.only();

        // bitcoin-kmp, at standard flags: the proof that the witnesses are right.
        Kmp.verify(jt.rawTx(), c.commitTx());

        Transaction tx = Kmp.tx(jt.rawTx());
        assertEquals(2, tx.version);
        assertEquals(0, tx.lockTime);
        assertEquals(jt.txid().toDisplayHex(), tx.txid.toString());
        assertEquals(tx.weight(), jt.weight());
        Map<Integer, RevokedOutput.Kind> spent = new TreeMap<>();
        for (int i = 0; i < tx.txIn.size(); i++) {
            TxIn in = tx.txIn.get(i);
            assertEquals(0xfffffffdL, in.sequence);
            assertEquals(c.json().get("commit_txid_computed").asText(), in.outPoint.txid.toString());
            spent.put((int) in.outPoint.index, jt.spends().get(i).kind());
            assertEquals(in.outPoint.index, jt.spends().get(i).outpoint().index());
        }
        assertEquals(atStake, spent, "sweeps exactly to_local and every HTLC output");

        assertEquals(1, tx.txOut.size());
        assertEquals(Bolt3Vectors.sweepScript(), Bytes.of(tx.txOut.get(0).publicKeyScript.toByteArray()));
        assertEquals(jt.sweptSat(), tx.txOut.get(0).amount.toLong());
        assertEquals(stakeSat - jt.sweptSat(), jt.feeSat());
        assertEquals((feerate * jt.estimatedWeight() + 999) / 1000, jt.feeSat());

        // Estimate >= actual, and within the 1-2 bytes a shorter signature saves per input.
        assertTrue(jt.estimatedWeight() >= jt.weight());
        assertTrue(jt.estimatedWeight() - jt.weight() <= 2 * tx.txIn.size(),
                "estimate " + jt.estimatedWeight() + " vs actual " + jt.weight());

        List<Htlc> expectedAbsent = new ArrayList<>();
        List<Htlc> all = Bolt3Vectors.htlcs();
        Map<Htlc, Integer> remaining = new HashMap<>();
        for (int i : presentHtlcs) {
            remaining.merge(all.get(i), 1, Integer::sum);
        }
        for (Htlc h : all) {
            if (remaining.getOrDefault(h, 0) > 0) {
                remaining.merge(h, -1, Integer::sum);
            } else {
                expectedAbsent.add(h);
            }
        }
        assertEquals(expectedAbsent, built.absentHtlcs());
        assertTrue(built.leftAsDust().isEmpty());
    }
}
