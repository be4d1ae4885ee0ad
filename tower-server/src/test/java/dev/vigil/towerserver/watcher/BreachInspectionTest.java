package dev.vigil.towerserver.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerserver.watcher.BreachInspection.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The derived teos vector is a real breach: its blob encrypts a penalty spending the BOLT 3
 * Appendix C commitment "simple commitment tx with no HTLCs", whose txid is the dispute.
 */
class BreachInspectionTest {
    private static final JsonNode V = SharedFiles.json("vectors/teos-appointment-crypto.json").get("derived");
    private static final Txid DISPUTE = Txid.fromDisplayHex(V.get("dispute_txid").asText());

    @Test
    void theVectorsAppointmentIsABreachWithItsPenalty() {
        Verdict v = BreachInspection.inspect(DISPUTE, Bytes.fromHex(V.get("encrypted_blob").asText()));
        Verdict.Breach b = assertInstanceOf(Verdict.Breach.class, v);
        assertEquals(Bytes.fromHex(V.get("penalty_tx").asText()), b.penaltyTx());
        assertEquals("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e", b.penaltyTxid().toDisplayHex());
        assertEquals(DISPUTE, b.disputeTxid());
    }

    @Test
    void theDisputeTxidIsTheAppendixCCommitment() {
        JsonNode commitment = SharedFiles.json("vectors/bolt3-commitment-txs.json").get("cases").get(0);
        assertEquals("simple commitment tx with no HTLCs", commitment.get("name").asText());
        assertEquals(DISPUTE.toDisplayHex(), commitment.get("commit_txid_computed").asText());
    }

    @Test
    void aTransactionSharingOnlyTheLocatorIsNotThisDispute() {
        byte[] other = DISPUTE.internalBytes();
        other[31] ^= 1; // same first 16 bytes: same locator, another txid
        Txid sameLocator = Txid.ofInternal(other);
        assertEquals(DISPUTE.locator(), sameLocator.locator());
        assertInstanceOf(Verdict.NotThisDispute.class, BreachInspection.inspect(sameLocator, Bytes.fromHex(V.get("encrypted_blob").asText())));
    }

    @Test
    void aBlobThatOpensButHoldsNoTransactionOrTheWrongOneIsAnInvalidPenalty() {
        Verdict garbage = BreachInspection.inspect(DISPUTE, BlobCipher.encrypt(Bytes.fromHex("00".repeat(100)), DISPUTE));
        assertTrue(assertInstanceOf(Verdict.InvalidPenalty.class, garbage).reason().contains("not a transaction"));
        // A real transaction that spends something else: the official teos vector's coinbase.
        Bytes unrelated = Bytes.fromHex(SharedFiles.json("vectors/teos-appointment-crypto.json").get("official").get("penalty_tx").asText());
        Verdict wrong = BreachInspection.inspect(DISPUTE, BlobCipher.encrypt(unrelated, DISPUTE));
        assertTrue(assertInstanceOf(Verdict.InvalidPenalty.class, wrong).reason().contains("spends no output"));
    }
}
