package dev.vigil.breachdetector.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZmqMessageDecoderTest {
    private static final String HASH = "503f9f39e054e61548b4672696aed28dea8941c34935342be68d501a23364247";

    private static List<byte[]> msg(String topic, String bodyHex, String seqHex) {
        return List.of(topic.getBytes(StandardCharsets.US_ASCII), Hex.decode(bodyHex), Hex.decode(seqHex));
    }

    private static String reason(NotifierEvent e) {
        return assertInstanceOf(Undecodable.class, e).reason();
    }

    @Test
    void badMessagesAreUndecodableNotExceptions() {
        assertTrue(reason(ZmqMessageDecoder.decode(List.of())).contains("3 frames"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("hashblock", HASH, "0100"))).contains("4"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("hashblockx", HASH, "01000000"))).contains("unknown topic"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("hashblock", HASH + "00", "01000000"))).contains("32"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("sequence", HASH + "58", "01000000"))).contains("label"));
        // A is 41 bytes, C is 33: each with the other's length is wrong.
        assertTrue(reason(ZmqMessageDecoder.decode(msg("sequence", HASH + "41", "01000000"))).contains("expected 41"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("sequence", HASH + "43" + "0100000000000000", "01000000")))
                .contains("expected 33"));
        assertTrue(reason(ZmqMessageDecoder.decode(msg("rawblock", "00", "01000000"))).contains("block body"));
    }

    @Test
    void sequenceBodiesFollowTheZmqDoc() {
        Notification.Sequence a = (Notification.Sequence) ZmqMessageDecoder.decode(
                msg("sequence", HASH + "41" + "0201000000000000", "ffffffff"));
        assertEquals(SequenceLabel.TX_ADDED, a.label());
        assertEquals(258, a.mempoolSequence().getAsLong(), "8-byte little-endian mempool sequence");
        assertEquals(0xffffffffL, a.sequence());
        assertEquals(HASH, a.hash().displayHex());
    }

    @Test
    void counterWrapsAtTwoToThe32() {
        SequenceTracker t = new SequenceTracker();
        t.observe(ZmqTopic.RAWBLOCK, 0xfffffffeL);
        assertEquals(Optional.empty(), t.observe(ZmqTopic.RAWBLOCK, 0xffffffffL));
        assertEquals(Optional.empty(), t.observe(ZmqTopic.RAWBLOCK, 0));
        assertEquals(ReconcileNeeded.Reason.GAP, t.observe(ZmqTopic.RAWBLOCK, 5).orElseThrow().reason());
        assertEquals(ReconcileNeeded.Reason.RESTART, t.observe(ZmqTopic.RAWBLOCK, 3).orElseThrow().reason());
        // Topics are independent.
        assertEquals(ReconcileNeeded.Reason.FIRST_MESSAGE, t.observe(ZmqTopic.HASHBLOCK, 4).orElseThrow().reason());
        t.reset();
        assertEquals(ReconcileNeeded.Reason.FIRST_MESSAGE, t.observe(ZmqTopic.RAWBLOCK, 4).orElseThrow().reason());
    }
}
