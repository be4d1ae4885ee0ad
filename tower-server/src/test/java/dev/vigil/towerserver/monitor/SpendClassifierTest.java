package dev.vigil.towerserver.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.CloseKind;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FundingSpent;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerserver.monitor.SpendTxs.In;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/monitoring.md 2.1 through parsed transactions: every BOLT 3 Appendix C and F commitment is
 * unilateral with the vectors' obscured number; closing transactions (BOLT 3's and BOLT 2's
 * {@code closing_complete}) are cooperative; a splice-shaped and a three-output spend are other.
 */
class SpendClassifierTest {
    private static final JsonNode LEGACY = SharedFiles.json("vectors/bolt3-commitment-txs.json");
    private static final JsonNode ANCHORS = SharedFiles.json("vectors/bolt3-commitment-txs-anchors.json");
    private static final Outpoint FUNDING = new Outpoint(
            Txid.fromDisplayHex(LEGACY.get("common").get("funding_tx_id").asText()),
            LEGACY.get("common").get("funding_output_index").asLong());
    private static final byte[] FUNDING_SCRIPT = Hex.decode(LEGACY.get("common").get("funding_witness_script").asText());
    private static final Outpoint OTHER_COIN = new Outpoint(Txid.ofInternal(new byte[32]), 7);

    @Test
    void everyBolt3CommitmentIsUnilateralWithItsTagsAndTheWholeTransaction() {
        long obscured = Long.parseLong(LEGACY.get("common").get("obscured_commitment_number_computed").asText(), 16);
        List<JsonNode> cases = new ArrayList<>();
        LEGACY.get("cases").forEach(cases::add);
        ANCHORS.get("cases").forEach(cases::add);
        assertEquals(25, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            Bytes raw = Bytes.of(Hex.decode(c.get("expected_commit_tx").asText()));
            Transaction tx = SpendTxs.parse(raw);
            assertEquals(FUNDING.txid().internal(), tx.inputs().get(0).prevout().txid().internalOrder(), name);
            SpendClassifier.Spend s = SpendClassifier.classify(tx, 0);
            assertEquals(CloseKind.UNILATERAL, s.close(), name);
            assertEquals(obscured, s.tags().orElseThrow().obscuredNumber(), name);
            assertEquals(tx.lockTime(), s.tags().get().lockTime(), name);
            assertEquals(tx.inputs().get(0).sequence(), s.tags().get().sequence(), name);
            assertEquals(c.get("commit_txid_computed").asText(), s.txid().toDisplayHex(), name);
            assertEquals(0, s.input(), name);
            assertEquals(raw, s.tx().orElseThrow(), name);
        }
    }

    @Test
    void closingTransactionsAreCooperativeWithoutTags() {
        // BOLT 3 "Closing Transaction": one input, sequence 0xFFFFFFFF, locktime 0, up to two outputs.
        for (int outputs = 0; outputs <= 2; outputs++) {
            SpendClassifier.Spend s = classify(List.of(funding(0xFFFFFFFFL)), outputs, 0, 0);
            assertEquals(CloseKind.COOPERATIVE, s.close(), outputs + " outputs");
            assertFalse(s.tags().isPresent());
        }
        // BOLT 2 closing_complete: the closer's height as locktime, RBF's 0xFFFFFFFD.
        assertEquals(CloseKind.COOPERATIVE, classify(List.of(funding(0xFFFFFFFDL)), 1, 812_345, 0).close());
    }

    @Test
    void splicesBatchesAndWideSpendsAreOther() {
        // The funding outpoint is the second input of two: a splice; even with the commitment tags.
        SpendClassifier.Spend splice = classify(List.of(new In(OTHER_COIN, 0xFFFFFFFDL, List.of(new byte[72])), funding(0x80_123456L)),
                2, 0x20_654321L, 1);
        assertEquals(CloseKind.OTHER, splice.close());
        assertEquals(1, splice.input());
        assertFalse(splice.tags().isPresent());
        assertEquals(CloseKind.OTHER, classify(List.of(funding(0xFFFFFFFFL)), 3, 0, 0).close(), "three outputs, no tags");
        assertEquals(CloseKind.OTHER, classify(List.of(funding(0xFFFFFFFFL)), 2, 500_000_000, 0).close(), "a time locktime");
        // One input, tags on locktime and sequence: a commitment, whatever its outputs.
        SpendClassifier.Spend built = classify(List.of(funding(0x80_abcdefL)), 5, 0x20_123456L, 0);
        assertEquals(CloseKind.UNILATERAL, built.close());
        assertEquals(0xabcdef_123456L, built.tags().orElseThrow().obscuredNumber());
    }

    @Test
    void aTransactionOverTheLimitIsClassifiedWithoutItsBytes() {
        byte[] big = new byte[FundingSpent.MAX_TX_BYTES];
        SpendClassifier.Spend s = SpendClassifier.classify(SpendTxs.parse(SpendTxs.tx(
                List.of(new In(FUNDING, 0xFFFFFFFFL, List.of(big, FUNDING_SCRIPT))), 2, 0)), 0);
        assertEquals(CloseKind.COOPERATIVE, s.close());
        assertFalse(s.tx().isPresent());
        Bytes atLimit = SpendTxs.tx(List.of(funding(0xFFFFFFFFL)), 2, 0);
        assertTrue(SpendClassifier.classify(SpendTxs.parse(atLimit), 0).tx().isPresent());
    }

    @Test
    void theSpendMakesTheFundingSpentEventOfAWatch() {
        Bytes raw = SpendTxs.tx(List.of(funding(0x80_000001L)), 2, 0x20_000002L);
        SpendClassifier.Spend s = SpendClassifier.classify(SpendTxs.parse(raw), 0);
        UserId user = UserId.fromHex("02" + "11".repeat(32));
        MonitorEvent.Head head = new MonitorEvent.Head(3, new EventId(Bytes.of(new byte[EventId.LENGTH])), user, 100,
                new BlockHash(Bytes.of(new byte[32])));
        FundingSpent e = s.event(head, WatchId.of(FUNDING), WatchKind.OUTPOINT, FUNDING);
        assertEquals(FUNDING, e.outpoint());
        assertEquals(s.txid(), e.txid());
        assertEquals(CloseKind.UNILATERAL, e.close());
        assertEquals((1L << 24) | 2, e.tags().orElseThrow().obscuredNumber());
        assertEquals(raw, e.tx().orElseThrow());
        assertThrows(IndexOutOfBoundsException.class, () -> SpendClassifier.classify(SpendTxs.parse(raw), 1));
    }

    private static In funding(long sequence) {
        return new In(FUNDING, sequence, SpendTxs.fundingWitness(FUNDING_SCRIPT));
    }

    private static SpendClassifier.Spend classify(List<In> inputs, int outputs, long lockTime, int input) {
        return SpendClassifier.classify(SpendTxs.parse(SpendTxs.tx(inputs, outputs, lockTime)), input);
    }
}
