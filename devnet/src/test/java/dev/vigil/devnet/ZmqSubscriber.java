package dev.vigil.devnet;

import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A JeroMQ SUB client on the test thread, as the tower's ZMQ adapter connects to bitcoind. */
public final class ZmqSubscriber implements AutoCloseable {
    /** One received message: its frames decoded. */
    public record Frame(String topic, byte[] body, int counter, int parts) {
        public String bodyHex() {
            return Hex.encode(body);
        }
    }

    private final ZContext context = new ZContext();
    private ZMQ.Socket socket;

    /**
     * Connects and subscribes, then waits until the devnet's publisher has every subscription (the slow-joiner
     * gap). A connection whose subscriptions do not arrive within a second is replaced by a new one.
     */
    public ZmqSubscriber(Devnet devnet, String endpoint, String... topics) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int[] before = new int[topics.length];
            for (int i = 0; i < topics.length; i++) {
                before[i] = devnet.zmqSubscriptions(topics[i]);
            }
            socket = context.createSocket(SocketType.SUB);
            socket.setLinger(0);
            socket.connect(endpoint);
            for (String t : topics) {
                socket.subscribe(t.getBytes(StandardCharsets.US_ASCII));
            }
            boolean all = true;
            for (int i = 0; i < topics.length && all; i++) {
                all = devnet.awaitZmqSubscriptions(topics[i], before[i] + 1, java.time.Duration.ofSeconds(1));
            }
            if (all) {
                return;
            }
            socket.close();
        }
        throw new AssertionError("subscriptions never reached the publisher at " + endpoint);
    }

    /** The next message, or null after 5 s. */
    public Frame next() {
        return nextWithin(5000);
    }

    /** The next message, or null after {@code timeoutMs}. */
    public Frame nextWithin(int timeoutMs) {
        socket.setReceiveTimeOut(timeoutMs);
        ZMsg msg = ZMsg.recvMsg(socket);
        if (msg == null) {
            return null;
        }
        int parts = msg.size();
        String topic = msg.popString();
        byte[] body = msg.pop().getData();
        byte[] seq = msg.pop().getData();
        int counter = (seq[0] & 0xff) | (seq[1] & 0xff) << 8 | (seq[2] & 0xff) << 16 | (seq[3] & 0xff) << 24;
        if (seq.length != 4) {
            throw new AssertionError("sequence frame of " + seq.length + " bytes");
        }
        return new Frame(topic, body, counter, parts);
    }

    /** The next {@code n} messages (fails if they do not come). */
    public List<Frame> next(int n) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Frame f = next();
            if (f == null) {
                throw new AssertionError("expected " + n + " messages, got " + frames);
            }
            frames.add(f);
        }
        return frames;
    }

    @Override
    public void close() {
        context.close();
    }
}
