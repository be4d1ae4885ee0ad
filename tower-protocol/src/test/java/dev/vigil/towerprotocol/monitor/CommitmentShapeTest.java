package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.encoding.Hex;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every BOLT 3 Appendix C and F commitment reads as unilateral with the obscured number of the
 * vectors (commitment number 42 XOR the obscuring factor); closing-transaction shapes read as
 * cooperative; the rest as other.
 */
class CommitmentShapeTest {
    private static final JsonNode LEGACY = SharedFiles.json("vectors/bolt3-commitment-txs.json");
    private static final JsonNode ANCHORS = SharedFiles.json("vectors/bolt3-commitment-txs-anchors.json");
    private static final JsonNode KEYS = SharedFiles.json("vectors/bolt3-key-derivation.json");

    @Test
    void everyBolt3CommitmentIsUnilateralWithTheVectorsObscuredNumber() {
        long obscured = Long.parseLong(LEGACY.get("common").get("obscured_commitment_number_computed").asText(), 16);
        long factor = Long.parseLong(find(KEYS, "obscuring_factor_computed").asText(), 16);
        long number = LEGACY.get("common").get("commitment_number").asLong();
        assertEquals(42, number);
        List<JsonNode> cases = new ArrayList<>();
        LEGACY.get("cases").forEach(cases::add);
        ANCHORS.get("cases").forEach(cases::add);
        assertEquals(25, cases.size());
        for (JsonNode c : cases) {
            RawTx tx = RawTx.parse(Hex.decode(c.get("expected_commit_tx").asText()));
            String name = c.get("name").asText();
            assertEquals(1, tx.inputs(), name);
            assertTrue(CommitmentShape.isTagged(tx.lockTime(), tx.firstSequence()), name);
            assertEquals(CloseKind.UNILATERAL, CommitmentShape.classify(tx.inputs(), tx.outputs(), tx.lockTime(), tx.firstSequence()), name);
            assertEquals(obscured, CommitmentShape.obscuredNumber(tx.lockTime(), tx.firstSequence()), name);
            assertEquals(number, CommitmentShape.obscuredNumber(tx.lockTime(), tx.firstSequence()) ^ factor, name);
        }
    }

    @Test
    void closingTransactionShapesAreCooperative() {
        // BOLT 3 "Closing Transaction": locktime 0, sequence 0xFFFFFFFF, 0 to 2 outputs.
        for (int outputs = 0; outputs <= 2; outputs++) {
            assertEquals(CloseKind.COOPERATIVE, CommitmentShape.classify(1, outputs, 0, 0xFFFFFFFFL), outputs + " outputs");
        }
        // BOLT 2 closing_complete: the closer's locktime (a height) and RBF's 0xFFFFFFFD.
        assertEquals(CloseKind.COOPERATIVE, CommitmentShape.classify(1, 2, 812_345, 0xFFFFFFFDL));
        assertEquals(CloseKind.COOPERATIVE, CommitmentShape.classify(1, 1, 499_999_999, 0xFFFFFFFEL));
    }

    @Test
    void everythingElseIsOther() {
        long lt = 0x20_2b_b0_38L;
        long seq = 0x80_38_52_19L;
        assertEquals(CloseKind.UNILATERAL, CommitmentShape.classify(1, 7, lt, seq));
        assertEquals(CloseKind.OTHER, CommitmentShape.classify(2, 2, lt, seq), "tags but two inputs (a splice, a batch)");
        assertEquals(CloseKind.OTHER, CommitmentShape.classify(2, 2, 0, 0xFFFFFFFFL), "closing-like but two inputs");
        assertEquals(CloseKind.OTHER, CommitmentShape.classify(1, 3, 0, 0xFFFFFFFFL), "three outputs, no tags");
        assertEquals(CloseKind.OTHER, CommitmentShape.classify(1, 2, 500_000_000, 0xFFFFFFFFL), "a time locktime");
        assertEquals(CloseKind.OTHER, CommitmentShape.classify(1, 2, lt, 0xFFFFFFFFL), "the locktime tag alone (it is a time)");
        assertFalse(CommitmentShape.isTagged(lt, 0xFFFFFFFFL));
        assertFalse(CommitmentShape.isTagged(0, seq));
        assertFalse(CommitmentShape.isTagged(0x21_000000L, seq));
        assertFalse(CommitmentShape.isTagged(lt, 0x81_000000L));
        assertEquals(CloseKind.COOPERATIVE, CommitmentShape.classify(1, 2, 0, seq), "the sequence tag alone, locktime 0");
        assertThrows(IllegalArgumentException.class, () -> CommitmentShape.classify(0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CommitmentShape.classify(1, 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> CommitmentShape.classify(1, 1, 0, 1L << 32));
    }

    @Test
    void theObscuredNumberIsTheSequenceHalfAboveTheLocktimeHalf() {
        assertEquals(0xabcdef_123456L, CommitmentShape.obscuredNumber(0x20_123456L, 0x80_abcdefL));
        assertEquals(0, CommitmentShape.obscuredNumber(LOCK_TAG_ONLY, SEQ_TAG_ONLY));
    }

    private static final long LOCK_TAG_ONLY = 0x20_000000L;
    private static final long SEQ_TAG_ONLY = 0x80_000000L;

    private static JsonNode find(JsonNode n, String field) {
        JsonNode found = n.findValue(field);
        if (found == null) {
            throw new AssertionError("no " + field + " in the vectors");
        }
        return found;
    }

    /** Just enough of a transaction reader for these counts: version, segwit marker, inputs, outputs, locktime. */
    record RawTx(int inputs, int outputs, long firstSequence, long lockTime) {
        static RawTx parse(byte[] raw) {
            int[] pos = {4};
            boolean segwit = raw[4] == 0 && raw[5] == 1;
            if (segwit) {
                pos[0] += 2;
            }
            int inputs = (int) varint(raw, pos);
            long firstSequence = -1;
            for (int i = 0; i < inputs; i++) {
                pos[0] += 36;
                skip(pos, varint(raw, pos));
                long seq = le32(raw, pos[0]);
                pos[0] += 4;
                if (i == 0) {
                    firstSequence = seq;
                }
            }
            int outputs = (int) varint(raw, pos);
            for (int i = 0; i < outputs; i++) {
                pos[0] += 8;
                skip(pos, varint(raw, pos));
            }
            if (segwit) {
                for (int i = 0; i < inputs; i++) {
                    long items = varint(raw, pos);
                    for (long k = 0; k < items; k++) {
                        skip(pos, varint(raw, pos));
                    }
                }
            }
            if (pos[0] + 4 != raw.length) {
                throw new AssertionError("transaction does not end at its locktime");
            }
            return new RawTx(inputs, outputs, firstSequence, le32(raw, pos[0]));
        }

        /** Advances past {@code n} bytes (a separate call: {@code pos[0] += varint(..)} would read pos[0] before varint moves it). */
        private static void skip(int[] pos, long n) {
            pos[0] += (int) n;
        }

        private static long varint(byte[] raw, int[] pos) {
            int first = raw[pos[0]++] & 0xff;
            if (first < 0xfd) {
                return first;
            }
            int n = first == 0xfd ? 2 : first == 0xfe ? 4 : 8;
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (raw[pos[0]++] & 0xff) << (8 * i);
            }
            return v;
        }

        private static long le32(byte[] raw, int at) {
            return (raw[at] & 0xffL) | (raw[at + 1] & 0xffL) << 8 | (raw[at + 2] & 0xffL) << 16 | (raw[at + 3] & 0xffL) << 24;
        }
    }
}
