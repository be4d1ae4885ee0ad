package dev.vigil.breachdetector.notify;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.ParseResult;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decodes one bitcoind ZMQ message: exactly three frames, topic | body | 4-byte little-endian
 * sequence (doc/zmq.md "Message format"; zmqpublishnotifier.cpp {@code SendZmqMessage}). Hashes
 * arrive in display (reversed) byte order and are turned into {@link Hash256}'s internal order.
 * Never throws on bad input: it becomes an {@link Undecodable}.
 *
 * <p>A {@code rawblock} body is parsed in place: the decoder takes ownership of that frame's array
 * (a fresh one per received message), so the frames must not be used after {@link #decode}.
 */
public final class ZmqMessageDecoder {
    /** Body of a {@code sequence} message: hash, label, and for A/R the mempool sequence. */
    private static final int SEQUENCE_BLOCK_BODY = 33;
    private static final int SEQUENCE_MEMPOOL_BODY = 41;

    private ZmqMessageDecoder() {}

    /** The sequence frame's value, or -1 if the message has no valid one (not 3 frames, not 4 bytes). */
    public static long sequenceOf(List<byte[]> frames) {
        if (frames.size() != 3 || frames.get(2).length != 4) {
            return -1;
        }
        byte[] s = frames.get(2);
        return (s[0] & 0xffL) | (s[1] & 0xffL) << 8 | (s[2] & 0xffL) << 16 | (s[3] & 0xffL) << 24;
    }

    /** Decodes a message into a {@link Notification} or an {@link Undecodable}. */
    public static NotifierEvent decode(List<byte[]> frames) {
        String topicText = frames.isEmpty() ? "" : printable(frames.get(0));
        if (frames.size() != 3) {
            return new Undecodable(topicText, "expected 3 frames, got " + frames.size());
        }
        long seq = sequenceOf(frames);
        if (seq < 0) {
            return new Undecodable(topicText, "sequence frame has " + frames.get(2).length
                    + " bytes, expected 4");
        }
        var topic = ZmqTopic.fromFrame(frames.get(0));
        if (topic.isEmpty()) {
            return new Undecodable(topicText, "unknown topic");
        }
        byte[] body = frames.get(1);
        switch (topic.get()) {
            case RAWBLOCK:
                return decodeBlock(topicText, body, seq);
            case RAWTX:
                return body.length < 10 ? new Undecodable(topicText, "transaction body of "
                        + body.length + " bytes") : new Notification.RawTx(Bytes.of(body), seq);
            case HASHBLOCK:
                return body.length != 32 ? wrongHashLength(topicText, body)
                        : new Notification.HashBlock(displayOrderHash(body), seq);
            case HASHTX:
                return body.length != 32 ? wrongHashLength(topicText, body)
                        : new Notification.HashTx(displayOrderHash(body), seq);
            case SEQUENCE:
                return decodeSequence(topicText, body, seq);
            default:
                throw new IllegalStateException("unhandled topic " + topic.get());
        }
    }

    private static NotifierEvent decodeBlock(String topicText, byte[] body, long seq) {
        if (body.length < 81) {
            return new Undecodable(topicText, "block body of " + body.length + " bytes");
        }
        ParseResult<Block> parsed = Block.parseTakingOwnership(body);
        if (parsed instanceof ParseResult.Ok<Block> ok) {
            return new Notification.RawBlock(ok.value(), seq);
        }
        return new Undecodable(topicText, "block body " + parsed);
    }

    private static NotifierEvent decodeSequence(String topicText, byte[] body, long seq) {
        if (body.length != SEQUENCE_BLOCK_BODY && body.length != SEQUENCE_MEMPOOL_BODY) {
            return new Undecodable(topicText, "sequence body of " + body.length
                    + " bytes, expected 33 or 41");
        }
        var label = SequenceLabel.fromCode(body[32] & 0xff);
        if (label.isEmpty()) {
            return new Undecodable(topicText, "unknown sequence label 0x"
                    + Integer.toHexString(body[32] & 0xff));
        }
        int expected = label.get().hasMempoolSequence() ? SEQUENCE_MEMPOOL_BODY : SEQUENCE_BLOCK_BODY;
        if (body.length != expected) {
            return new Undecodable(topicText, "sequence " + label.get().code() + " body of "
                    + body.length + " bytes, expected " + expected);
        }
        OptionalLong mempoolSeq = OptionalLong.empty();
        if (label.get().hasMempoolSequence()) {
            long v = 0;
            for (int i = 40; i >= 33; i--) {
                v = (v << 8) | (body[i] & 0xffL);
            }
            mempoolSeq = OptionalLong.of(v);
        }
        byte[] hash = new byte[32];
        System.arraycopy(body, 0, hash, 0, 32);
        return new Notification.Sequence(displayOrderHash(hash), label.get(), mempoolSeq, seq);
    }

    private static Hash256 displayOrderHash(byte[] display) {
        return new Hash256(Bytes.of(display).reversed());
    }

    private static Undecodable wrongHashLength(String topic, byte[] body) {
        return new Undecodable(topic, "hash body of " + body.length + " bytes, expected 32");
    }

    private static String printable(byte[] frame) {
        int n = Math.min(frame.length, 32);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = frame[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return frame.length > n ? sb + "..." : sb.toString();
    }
}
