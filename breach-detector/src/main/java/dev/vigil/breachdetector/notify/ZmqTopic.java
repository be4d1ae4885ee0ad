package dev.vigil.breachdetector.notify;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The notification topics bitcoind publishes ({@code -zmqpub<topic>}, doc/zmq.md). */
public enum ZmqTopic {
    /** Serialized block (with witnesses); published on tip updates only. */
    RAWBLOCK("rawblock"),
    /** Block hash, display order; published on tip updates only. */
    HASHBLOCK("hashblock"),
    /** Serialized transaction (with witnesses), on mempool acceptance and in connected blocks. */
    RAWTX("rawtx"),
    /** Transaction hash, display order. */
    HASHTX("hashtx"),
    /** Every block connect/disconnect and mempool add/remove, with a mempool sequence. */
    SEQUENCE("sequence");

    private final String wireName;

    ZmqTopic(String wireName) {
        this.wireName = wireName;
    }

    /** The topic frame's text, which is also the SUB subscription prefix. */
    public String wireName() {
        return wireName;
    }

    public byte[] wireBytes() {
        return wireName.getBytes(StandardCharsets.US_ASCII);
    }

    /** The topic whose frame is exactly {@code frame}. */
    public static Optional<ZmqTopic> fromFrame(byte[] frame) {
        for (ZmqTopic t : values()) {
            if (t.wireName.length() == frame.length
                    && t.wireName.equals(new String(frame, StandardCharsets.US_ASCII))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
