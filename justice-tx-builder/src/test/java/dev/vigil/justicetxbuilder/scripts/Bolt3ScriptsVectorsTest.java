package dev.vigil.justicetxbuilder.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxOut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Rebuilds every output script of every Appendix C and F commitment from the keys and the HTLC set,
 * and compares it with the transaction's own outputs (parsed by bitcoin-kmp, an independent parser).
 */
class Bolt3ScriptsVectorsTest {
    private static final CommitmentKeys KEYS = Bolt3Vectors.commitmentKeys();

    @TestFactory
    List<DynamicTest> everyOutputOfEveryCommitment() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> checkOutputs(c)));
        }
        assertEquals(25, tests.size());
        return tests;
    }

    private static void checkOutputs(Bolt3Vectors.Case c) {
        Transaction tx = Transaction.Companion.read(c.commitTx().toArray());
        JsonNode outputs = c.json().get("outputs_decoded");
        assertEquals(tx.txOut.size(), outputs.size());
        for (JsonNode o : outputs) {
            TxOut out = tx.txOut.get(o.get("index").asInt());
            assertEquals(o.get("amount_sat").asLong(), out.amount.toLong());
            Bytes witnessScript = expectedWitnessScript(c.type(), o);
            Bytes spk = witnessScript == null
                    ? Bolt3Scripts.toRemoteOutput(c.type(), Bolt3Vectors.point("remote_payment_basepoint"))
                    : Bolt3Scripts.p2wsh(witnessScript);
            assertEquals(Bytes.of(out.publicKeyScript.toByteArray()), spk, o.get("kind").asText());
            if (o.has("witness_script")) {
                assertEquals(Bytes.of(SharedFiles.hex(o, "witness_script")), witnessScript);
            }
        }
    }

    /** The witness script an output of this kind must have; null for the P2WPKH to_remote. */
    private static Bytes expectedWitnessScript(ChannelType type, JsonNode o) {
        return switch (o.get("kind").asText()) {
            case "to_local" -> Bolt3Scripts.toLocal(KEYS, Bolt3Vectors.toSelfDelay());
            case "to_remote" -> type.hasAnchors()
                    ? Bolt3Scripts.toRemoteAnchors(Bolt3Vectors.point("remote_payment_basepoint")) : null;
            case "htlc_offered", "htlc_received" ->
                    Bolt3Scripts.htlc(KEYS, Bolt3Vectors.htlc(o.get("htlc_index").asInt()), type);
            case "local_anchor" -> Bolt3Scripts.anchor(Bolt3Vectors.point("local_funding_pubkey"));
            case "remote_anchor" -> Bolt3Scripts.anchor(Bolt3Vectors.point("remote_funding_pubkey"));
            default -> throw new AssertionError("unknown output kind " + o);
        };
    }

    @Test
    void extractedWitnessScriptsOfBothFiles() {
        assertEquals(Bytes.of(SharedFiles.hex(Bolt3Vectors.COMMON, "to_local_witness_script_extracted")),
                Bolt3Scripts.toLocal(KEYS, Bolt3Vectors.toSelfDelay()));
        JsonNode s = Bolt3Vectors.ANCHORS_FILE.get("scripts_extracted");
        assertEquals(Bytes.of(SharedFiles.hex(s, "to_remote_witness_script")),
                Bolt3Scripts.toRemoteAnchors(Bolt3Vectors.point("remote_payment_basepoint")));
        assertEquals(Bytes.of(SharedFiles.hex(s, "local_anchor_witness_script")),
                Bolt3Scripts.anchor(Bolt3Vectors.point("local_funding_pubkey")));
        assertEquals(Bytes.of(SharedFiles.hex(s, "remote_anchor_witness_script")),
                Bolt3Scripts.anchor(Bolt3Vectors.point("remote_funding_pubkey")));
    }

    @Test
    void commitmentNumberObscuring() {
        // Appendix C: the local node is the opener, so its payment basepoint comes first.
        PublicKey opener = Bolt3Vectors.point("local_payment_basepoint");
        PublicKey accepter = Bolt3Vectors.point("remote_payment_basepoint");
        long factor = CommitmentNumbers.obscuringFactor(opener, accepter);
        assertEquals(Long.parseLong(Bolt3Vectors.KEYS.get("obscuring_factor_computed").asText(), 16), factor);
        assertTrue(factor != CommitmentNumbers.obscuringFactor(accepter, opener), "order matters");
        long number = Bolt3Vectors.KEYS.get("commitment_number").asLong();
        for (Bolt3Vectors.Case c : Bolt3Vectors.allCases()) {
            Transaction tx = Transaction.Companion.read(c.commitTx().toArray());
            long sequence = tx.txIn.get(0).sequence;
            assertTrue(CommitmentNumbers.isTagged(tx.lockTime, sequence), c.displayName());
            assertEquals(number, CommitmentNumbers.recover(tx.lockTime, sequence, factor), c.displayName());
            assertEquals(tx.lockTime, CommitmentNumbers.lockTime(number, factor));
            assertEquals(sequence, CommitmentNumbers.sequence(number, factor));
        }
        assertFalse(CommitmentNumbers.isTagged(0, 0xffffffffL));
    }

    @Test
    void scriptNumbersArePushedMinimally() {
        assertEquals(Bytes.fromHex("00"), Bytes.of(new ScriptWriter().number(0).toByteArray()));
        assertEquals(Bytes.fromHex("60"), Bytes.of(new ScriptWriter().number(16).toByteArray()));
        assertEquals(Bytes.fromHex("0111"), Bytes.of(new ScriptWriter().number(17).toByteArray()));
        assertEquals(Bytes.fromHex("029000"), Bytes.of(new ScriptWriter().number(144).toByteArray()));
        assertEquals(Bytes.fromHex("02f401"), Bytes.of(new ScriptWriter().number(500).toByteArray()));
        assertEquals(Bytes.fromHex("03a0bb0d"), Bytes.of(new ScriptWriter().number(900_000).toByteArray()));
        assertEquals(Bytes.fromHex("0500ffffff00"), Bytes.of(new ScriptWriter().number(0xffffff00L).toByteArray()));
    }

    @Test
    void scriptLengthsOfProtocolFacts() {
        Htlc received = Bolt3Vectors.htlc(0);
        Htlc offered = Bolt3Vectors.htlc(2);
        assertEquals(77, Bolt3Scripts.toLocal(KEYS, 144).length());
        assertEquals(133, Bolt3Scripts.htlc(KEYS, offered, ChannelType.STATIC_REMOTEKEY).length());
        assertEquals(136, Bolt3Scripts.htlc(KEYS, offered, ChannelType.ANCHORS).length());
        assertEquals(138, Bolt3Scripts.htlc(KEYS, received, ChannelType.STATIC_REMOTEKEY).length());
        Htlc mainnetHeight = new Htlc(Htlc.Direction.RECEIVED, 1_000_000, received.paymentHash(), 900_000);
        assertEquals(139, Bolt3Scripts.htlc(KEYS, mainnetHeight, ChannelType.LEGACY).length());
        assertEquals(142, Bolt3Scripts.htlc(KEYS, mainnetHeight, ChannelType.ANCHORS).length());
        assertThrows(IllegalArgumentException.class, () -> Bolt3Scripts.toLocal(KEYS, 65_536));
    }
}
