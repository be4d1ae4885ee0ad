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

    @Test
    void aPenaltyBitcoindWouldRefuseWhateverItsSettingsIsAnInvalidPenalty() {
        assertInstanceOf(Verdict.Breach.class, inspectTx(2, 22), "82 bytes, version 2: standard");
        assertInstanceOf(Verdict.Breach.class, inspectTx(3, 22), "version 3 (TRUC) is standard since Core 28");
        assertReason("(bitcoind: version)", inspectTx(4, 22));
        assertReason("(bitcoind: version)", inspectTx(0, 22));
        assertReason("61 bytes without witnesses, under 65 (bitcoind: tx-size-small)", inspectTx(2, 1));
        assertInstanceOf(Verdict.Breach.class, inspectTx(2, 5), "65 bytes: the smallest standard size");
        assertReason("weight 400004 is over 400000 (bitcoind: tx-size)", inspectTx(2, 99_937));
        assertInstanceOf(Verdict.Breach.class, inspectTx(2, 99_936), "exactly 400,000 weight units");
    }

    private static void assertReason(String expected, Verdict v) {
        String reason = assertInstanceOf(Verdict.InvalidPenalty.class, v).reason();
        assertTrue(reason.endsWith(expected), reason);
    }

    /**
     * A penalty spending output 0 of the dispute, with one output whose script is
     * {@code scriptLength} bytes; without witnesses it is 59 bytes plus the script and its length.
     */
    private static Verdict inspectTx(long version, int scriptLength) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        le(b, version, 4);
        b.write(1);
        b.writeBytes(DISPUTE.internalBytes());
        le(b, 0, 4); // output index
        b.write(0); // empty scriptSig
        le(b, 0xffff_fffdL, 4);
        b.write(1);
        le(b, 10_000, 8);
        if (scriptLength < 0xfd) {
            b.write(scriptLength);
        } else {
            b.write(0xfe);
            le(b, scriptLength, 4);
        }
        b.writeBytes(new byte[scriptLength]);
        le(b, 0, 4); // locktime
        return BreachInspection.inspect(DISPUTE, BlobCipher.encrypt(Bytes.of(b.toByteArray()), DISPUTE));
    }

    private static void le(java.io.ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
