package dev.vigil.breachdetector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.Transaction;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every message a real bitcoind published (fixtures/bitcoind/zmq-frames.jsonl), decoded. */
class ZmqFixtureReplayTest {

    static List<byte[]> frames(JsonNode line) {
        return List.of(line.get("topic").asText().getBytes(StandardCharsets.US_ASCII),
                Hex.decode(line.get("body").asText()), Hex.decode(line.get("seq_le32").asText()));
    }

    /** The 4-byte little-endian counter, read with the JDK's ByteBuffer. */
    static long le32(String hex) {
        return ByteBuffer.wrap(Hex.decode(hex)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    @Test
    void everyRecordedMessageDecodes() {
        List<JsonNode> lines = RecordedTraffic.zmqFrames();
        NotificationStream stream = new NotificationStream();
        List<Notification> notes = new ArrayList<>();
        List<ReconcileNeeded> reconciles = new ArrayList<>();
        for (JsonNode line : lines) {
            assertEquals(3, line.get("parts").asInt());
            List<NotifierEvent> events = stream.accept(frames(line));
            NotifierEvent last = events.get(events.size() - 1);
            Notification n = assertInstanceOf(Notification.class, last, () -> "undecodable: " + last);
            assertEquals(line.get("topic").asText(), n.topic().wireName());
            assertEquals(le32(line.get("seq_le32").asText()),
                    n.sequence(), "sequence frame is little-endian");
            notes.add(n);
            for (NotifierEvent e : events.subList(0, events.size() - 1)) {
                reconciles.add((ReconcileNeeded) e);
            }
        }
        assertEquals(lines.size(), notes.size());

        // No message was lost in the recording: one "first message" per topic and nothing else.
        assertEquals(4, reconciles.size());
        for (ReconcileNeeded r : reconciles) {
            assertEquals(ReconcileNeeded.Reason.FIRST_MESSAGE, r.reason());
        }

        // hashblock and rawblock are published together for each tip: the i-th of each agree, which
        // also proves the display-order reversal of hashblock bodies.
        List<Hash256> hashblocks = new ArrayList<>();
        List<Block> rawblocks = new ArrayList<>();
        Set<Hash256> rawtxIds = new HashSet<>();
        List<Notification.Sequence> sequences = new ArrayList<>();
        for (Notification n : notes) {
            if (n instanceof Notification.HashBlock h) {
                hashblocks.add(h.blockHash());
            } else if (n instanceof Notification.RawBlock b) {
                Block block = b.block();
                assertTrue(block.commitsToTransactions());
                rawblocks.add(block);
            } else if (n instanceof Notification.RawTx t) {
                rawtxIds.add(Transaction.parse(t.transaction()).orElseThrow().txid());
            } else if (n instanceof Notification.Sequence s) {
                sequences.add(s);
            }
        }
        assertEquals(107, hashblocks.size());
        assertEquals(hashblocks.size(), rawblocks.size());
        for (int i = 0; i < hashblocks.size(); i++) {
            assertEquals(hashblocks.get(i), rawblocks.get(i).hash(), "block " + i);
        }

        Map<Hash256, Block> byHash = new HashMap<>();
        rawblocks.forEach(b -> byHash.put(b.hash(), b));
        List<Hash256> connected = new ArrayList<>();
        List<Hash256> disconnected = new ArrayList<>();
        for (Notification.Sequence s : sequences) {
            assertEquals(s.label().hasMempoolSequence(), s.mempoolSequence().isPresent());
            switch (s.label()) {
                case BLOCK_CONNECTED:
                    connected.add(s.hash());
                    break;
                case BLOCK_DISCONNECTED:
                    disconnected.add(s.hash());
                    break;
                case TX_ADDED:
                    assertTrue(rawtxIds.contains(s.hash()), "A " + s.hash() + " was also on rawtx");
                    break;
                default:
                    break;
            }
        }
        // Every block announced on hashblock was announced as connected on sequence.
        assertTrue(connected.containsAll(hashblocks.subList(1, hashblocks.size())));
        // The two-block reorg: disconnected tip first, then its parent.
        assertEquals(2, disconnected.size());
        assertEquals(byHash.get(disconnected.get(0)).prevHash(), disconnected.get(1));
        assertEquals("60feda32f390b536fc0f98035cb96f8af2aab70ab1ce8c84a33effc7d5bb506b",
                disconnected.get(0).displayHex());
        // Mempool sequence numbers grow.
        long previous = -1;
        for (Notification.Sequence s : sequences) {
            if (s.mempoolSequence().isPresent()) {
                assertTrue(s.mempoolSequence().getAsLong() > previous);
                previous = s.mempoolSequence().getAsLong();
            }
        }
    }

    @Test
    void aDroppedMessageIsAGapAndACounterBackToZeroIsARestart() {
        List<JsonNode> seqLines = new ArrayList<>();
        for (JsonNode line : RecordedTraffic.zmqFrames()) {
            if (line.get("topic").asText().equals("sequence")) {
                seqLines.add(line);
            }
        }
        NotificationStream stream = new NotificationStream();
        assertEquals(ReconcileNeeded.Reason.FIRST_MESSAGE,
                ((ReconcileNeeded) stream.accept(frames(seqLines.get(0))).get(0)).reason());
        assertEquals(1, stream.accept(frames(seqLines.get(1))).size());
        // seqLines.get(2) is lost.
        List<NotifierEvent> afterGap = stream.accept(frames(seqLines.get(3)));
        assertEquals(2, afterGap.size());
        ReconcileNeeded gap = (ReconcileNeeded) afterGap.get(0);
        assertEquals(ReconcileNeeded.Reason.GAP, gap.reason());
        assertTrue(gap.detail().contains("1 lost"), gap.detail());
        assertInstanceOf(Notification.Sequence.class, afterGap.get(1));

        // bitcoind restarted: its counter starts again at 0.
        List<byte[]> restarted = new ArrayList<>(frames(seqLines.get(4)));
        restarted.set(2, new byte[4]);
        assertEquals(ReconcileNeeded.Reason.RESTART,
                ((ReconcileNeeded) stream.accept(restarted).get(0)).reason());
        assertEquals(1, stream.accept(frames(seqLines.get(0))).size(), "0 then 1 is in order again");
    }
}
