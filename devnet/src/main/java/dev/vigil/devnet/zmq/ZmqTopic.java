package dev.vigil.devnet.zmq;

import java.nio.charset.StandardCharsets;

/** bitcoind's notification topics ({@code -zmqpub<topic>}). */
public enum ZmqTopic {
    HASHBLOCK("hashblock"),
    HASHTX("hashtx"),
    RAWBLOCK("rawblock"),
    RAWTX("rawtx"),
    SEQUENCE("sequence");

    private final String wireName;

    ZmqTopic(String wireName) {
        this.wireName = wireName;
    }

    /** The first frame of every message of this topic. */
    public String wireName() {
        return wireName;
    }

    byte[] frame() {
        return wireName.getBytes(StandardCharsets.US_ASCII);
    }
}
