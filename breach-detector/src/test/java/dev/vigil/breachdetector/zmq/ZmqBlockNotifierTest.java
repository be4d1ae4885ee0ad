package dev.vigil.breachdetector.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.notify.Notification;
import dev.vigil.breachdetector.notify.NotifierEvent;
import dev.vigil.breachdetector.notify.ReconcileNeeded;
import dev.vigil.breachdetector.notify.Undecodable;
import dev.vigil.breachdetector.notify.ZmqTopic;
import dev.vigil.breachdetector.testing.RecordedTraffic;
import dev.vigil.towerprotocol.encoding.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The subscriber against a real JeroMQ PUB socket on a loopback port, sending the frames a real
 * bitcoind sent (fixtures/bitcoind/zmq-frames.jsonl).
 */
class ZmqBlockNotifierTest {
    private final BlockingQueue<NotifierEvent> events = new LinkedBlockingQueue<>();
    private ZContext context;
    private ZMQ.Socket pub;
    private String endpoint;
    private ZmqBlockNotifier notifier;
    private long warmupSeq;

    @BeforeEach
    void bindPublisher() {
        context = new ZContext(1);
        pub = context.createSocket(SocketType.PUB);
        pub.setLinger(0);
        int port = pub.bindToRandomPort("tcp://127.0.0.1");
        endpoint = "tcp://127.0.0.1:" + port;
    }

    @AfterEach
    void closeAll() {
        if (notifier != null) {
            notifier.close();
            assertFalse(notifier.isRunning(), "socket thread stopped");
        }
        context.close();
    }

    private void startNotifier(ZmqSubscriberConfig config) throws InterruptedException {
        notifier = new ZmqBlockNotifier(config, e -> {
            events.add(e);
            if (e instanceof Undecodable) {
                throw new IllegalStateException("a listener failing on command");
            }
        });
        notifier.start();
        // The slow joiner: publish hashtx probes until one gets through, so that what follows is
        // not lost to the subscription still propagating. Bounded: ~10 s at most.
        for (int attempt = 0; attempt < 400; attempt++) {
            send("hashtx", new byte[32], warmupSeq++);
            if (awaitEvent(e -> e instanceof Notification.HashTx, 25) != null) {
                return;
            }
        }
        throw new AssertionError("subscriber never received a probe; running=" + notifier.isRunning()
                + ", pending events " + events);
    }

    private ZmqSubscriberConfig config() {
        return ZmqSubscriberConfig.forChain(List.of(endpoint)).withTopics(EnumSet.allOf(ZmqTopic.class));
    }

    private void send(String topic, byte[] body, long seq) {
        byte[] le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) seq).array();
        pub.sendMore(topic.getBytes(StandardCharsets.US_ASCII));
        pub.sendMore(body);
        pub.send(le, 0);
    }

    private void send(JsonNode line) {
        pub.sendMore(line.get("topic").asText().getBytes(StandardCharsets.US_ASCII));
        pub.sendMore(Hex.decode(line.get("body").asText()));
        pub.send(Hex.decode(line.get("seq_le32").asText()), 0);
    }

    /** Waits (bounded) for an event matching {@code p}, discarding others; null if none came. */
    private NotifierEvent awaitEvent(Predicate<NotifierEvent> p, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            NotifierEvent e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null || p.test(e)) {
                return e;
            }
        }
    }

    /** The next event that is not about the hashtx probes (their stragglers may still arrive). */
    private NotifierEvent next() throws InterruptedException {
        NotifierEvent e = awaitEvent(ev -> !(ev instanceof Notification.HashTx)
                && !(ev instanceof ReconcileNeeded r && r.detail().startsWith("hashtx")), 10_000);
        assertNotNull(e, "no event within 10 s");
        return e;
    }

    @Test
    void recordedMessagesArriveDecodedAndADroppedOneSignalsReconcile() throws InterruptedException {
        startNotifier(config());
        List<JsonNode> recorded = new ArrayList<>();
        for (JsonNode line : RecordedTraffic.zmqFrames()) {
            if (!line.get("topic").asText().equals("rawtx")) {
                recorded.add(line);
            }
        }
        // The first 12 recorded messages: rawblock, hashblock, sequence (4 blocks' worth).
        for (int i = 0; i < 12; i++) {
            send(recorded.get(i));
        }
        int firsts = 0;
        for (int i = 0; i < 12; i++) {
            NotifierEvent e = next();
            if (e instanceof ReconcileNeeded r) {
                assertEquals(ReconcileNeeded.Reason.FIRST_MESSAGE, r.reason());
                firsts++;
                e = next();
            }
            Notification n = assertInstanceOf(Notification.class, e);
            JsonNode line = recorded.get(i);
            assertEquals(line.get("topic").asText(), n.topic().wireName());
            if (n instanceof Notification.RawBlock b) {
                assertEquals(Hex.decode(line.get("body").asText()).length, b.block().size());
                assertTrue(b.block().commitsToTransactions());
            }
        }
        assertEquals(3, firsts, "one per topic");

        // Drop the 13th message (whatever its topic) and send the rest of that block's messages.
        String droppedTopic = recorded.get(12).get("topic").asText();
        int resumeAt = 13;
        while (!recorded.get(resumeAt).get("topic").asText().equals(droppedTopic)) {
            resumeAt++;
        }
        for (int i = 13; i <= resumeAt; i++) {
            send(recorded.get(i));
        }
        for (int i = 13; i < resumeAt; i++) {
            assertInstanceOf(Notification.class, next(), "other topics are unaffected");
        }
        ReconcileNeeded gap = assertInstanceOf(ReconcileNeeded.class, next());
        assertEquals(ReconcileNeeded.Reason.GAP, gap.reason());
        assertTrue(gap.detail().startsWith(droppedTopic), gap.detail());
        Notification after = assertInstanceOf(Notification.class, next());
        assertEquals(droppedTopic, after.topic().wireName());

        // A restarted bitcoind: counters start again at 0.
        send("hashblock", Hex.decode(recorded.get(1).get("body").asText()), 0);
        assertEquals(ReconcileNeeded.Reason.RESTART, ((ReconcileNeeded) next()).reason());
        assertEquals(0, ((Notification.HashBlock) next()).sequence());
    }

    @Test
    void malformedMessagesAreReportedAndTheThreadKeepsGoing() throws InterruptedException {
        // The listener throws on every Undecodable: the socket thread must survive it.
        startNotifier(config());
        pub.sendMore("hashblock".getBytes(StandardCharsets.US_ASCII));
        pub.send(new byte[32], 0); // two frames
        Undecodable u = assertInstanceOf(Undecodable.class, next());
        assertTrue(u.reason().contains("3 frames"), u.reason());
        send("hashblock", new byte[31], 7);
        assertInstanceOf(ReconcileNeeded.class, next()); // first hashblock counter seen
        assertInstanceOf(Undecodable.class, next());
        send("hashblock", new byte[32], 8);
        assertEquals(8, ((Notification.HashBlock) next()).sequence(), "no gap after a bad body");
        assertTrue(notifier.isRunning());
    }

    @Test
    void aMessageOverTheSizeLimitIsNeverDelivered() throws InterruptedException {
        startNotifier(config().withMaxMessageBytes(64 * 1024));
        send("rawblock", new byte[128 * 1024], 0);
        List<NotifierEvent> seen = new ArrayList<>();
        long seq = 1;
        NotifierEvent got = null;
        for (int attempt = 0; attempt < 400 && got == null; attempt++) {
            send("rawblock", Hex.decode(RecordedTraffic.zmqFrames().get(3).get("body").asText()), seq++);
            got = awaitEvent(e -> {
                seen.add(e);
                return e instanceof Notification.RawBlock;
            }, 25);
        }
        assertTrue(seen.stream().anyMatch(e -> e instanceof ReconcileNeeded r
                && r.reason() == ReconcileNeeded.Reason.CONNECTED), "reconnect signalled: " + seen);
        assertNotNull(got, "messages flow again");
        assertTrue(((Notification.RawBlock) got).block().size() < 64 * 1024);
    }

    @Test
    void configRejectsWhatJeromqCannotDo() {
        assertThrows(IllegalArgumentException.class,
                () -> ZmqSubscriberConfig.forChain(List.of("ipc:///tmp/bitcoind.sock")));
        assertThrows(IllegalArgumentException.class, () -> ZmqSubscriberConfig.forChain(List.of()));
        assertEquals(8L * 1024 * 1024, ZmqSubscriberConfig.forChain(List.of("tcp://127.0.0.1:28332"))
                .maxMessageBytes());
    }
}
