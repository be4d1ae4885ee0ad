package dev.vigil.devnet.zmq;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/** One notification before framing: its topic and body (the counter is added by the publisher). */
public record ZmqMessage(ZmqTopic topic, Bytes body) {
    public ZmqMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
    }
}
