package dev.vigil.devnet.zmq;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * bitcoind's ZMQ publishers: one PUB socket per endpoint (topics sharing a port share the socket, as
 * {@code -zmqpubrawblock} and {@code -zmqpubhashblock} on the same address do), bound to 127.0.0.1 only, with
 * a send high-water mark ({@code -zmqpub<topic>hwm}, default 1000: a slow subscriber loses messages, as with
 * bitcoind).
 *
 * <p>Threading: the sockets are created, used and closed by the publisher's own thread; {@link #publish} only
 * enqueues. Each topic has its own 32-bit counter, starting at 0 for each publisher (a new publisher is a
 * bitcoind restart). While {@linkplain #setDropping dropping}, messages take their counter value but are not
 * sent, so subscribers see a gap, as after a lost message.
 */
public final class ZmqPublisher implements AutoCloseable {
    /** {@code DEFAULT_ZMQ_SNDHWM} in zmq/zmqabstractnotifier.h. */
    public static final int DEFAULT_HWM = 1000;

    private static final Object STOP = new Object();
    private static final long COMMAND_INTERVAL_MS = 50;

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Map<ZmqTopic, String> endpoints;
    private volatile boolean dropping;
    private final java.util.concurrent.ConcurrentMap<String, Integer> subscriptions =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ZmqPublisher(Map<ZmqTopic, Integer> ports, int hwm) throws InterruptedException {
        CompletableFuture<Map<ZmqTopic, String>> bound = new CompletableFuture<>();
        this.thread = new Thread(() -> run(ports, hwm, bound), "devnet-zmq");
        thread.setDaemon(true);
        thread.start();
        try {
            this.endpoints = bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException("cannot bind ZMQ publishers " + ports, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /**
     * Binds the publishers. {@code ports} maps each published topic to a port on 127.0.0.1 (0 = any free port;
     * topics with the same non-zero port, or all topics given 0, share one socket).
     */
    public static ZmqPublisher start(Map<ZmqTopic, Integer> ports, int hwm) throws InterruptedException {
        Objects.requireNonNull(ports, "ports");
        if (hwm < 0) {
            throw new IllegalArgumentException("hwm < 0");
        }
        return new ZmqPublisher(Map.copyOf(ports), hwm);
    }

    /** The endpoint ({@code tcp://127.0.0.1:port}) of each published topic. */
    public Map<ZmqTopic, String> endpoints() {
        return endpoints;
    }

    /** A queued message and whether it was published while dropping. */
    private record Queued(ZmqMessage message, boolean drop) {
    }

    /** Queues a message; it is framed and sent on the publisher thread. */
    public void publish(ZmqMessage message) {
        queue.add(new Queued(Objects.requireNonNull(message, "message"), dropping));
    }

    public void publishAll(List<ZmqMessage> messages) {
        boolean drop = dropping;
        for (ZmqMessage m : messages) {
            queue.add(new Queued(m, drop));
        }
    }

    /** While true, messages published are counted but not sent: subscribers see a gap in the counters. */
    public void setDropping(boolean dropping) {
        this.dropping = dropping;
    }

    /** Stops the thread after the queued messages and closes the sockets (linger 0). */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Map<ZmqTopic, Integer> ports, int hwm, CompletableFuture<Map<ZmqTopic, String>> bound) {
        try (ZContext context = new ZContext()) {
            Map<ZmqTopic, ZMQ.Socket> sockets = new EnumMap<>(ZmqTopic.class);
            Map<ZmqTopic, String> endpointsByTopic = new LinkedHashMap<>();
            Map<Integer, ZMQ.Socket> byPort = new HashMap<>();
            Map<Integer, String> endpointByPort = new HashMap<>();
            try {
                for (Map.Entry<ZmqTopic, Integer> e : sortedByTopic(ports)) {
                    int port = e.getValue();
                    ZMQ.Socket socket = byPort.get(port);
                    if (socket == null) {
                        // XPUB is PUB on the wire (subscribers cannot tell); it also lets the devnet see
                        // subscriptions arrive, so tests can wait for them instead of sleeping (slow joiner).
                        socket = context.createSocket(SocketType.XPUB);
                        socket.setXpubVerbose(true);
                        socket.setSndHWM(hwm);
                        socket.setLinger(0);
                        int actual = port == 0 ? socket.bindToRandomPort("tcp://127.0.0.1") : bind(socket, port);
                        byPort.put(port, socket);
                        endpointByPort.put(port, "tcp://127.0.0.1:" + actual);
                    }
                    sockets.put(e.getKey(), socket);
                    endpointsByTopic.put(e.getKey(), endpointByPort.get(port));
                }
            } catch (RuntimeException e) {
                bound.completeExceptionally(e);
                return;
            }
            bound.complete(Map.copyOf(endpointsByTopic));
            Map<ZmqTopic, Integer> counters = new EnumMap<>(ZmqTopic.class);
            while (true) {
                Object next;
                try {
                    next = queue.poll(COMMAND_INTERVAL_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // Reading the XPUB sockets also makes them process their commands (new subscribers' pipes),
                // at least every COMMAND_INTERVAL_MS even while idle.
                for (ZMQ.Socket socket : byPort.values()) {
                    readSubscriptions(socket);
                }
                if (next == null) {
                    continue;
                }
                if (next == STOP) {
                    return;
                }
                Queued queued = (Queued) next;
                ZmqMessage message = queued.message();
                ZMQ.Socket socket = sockets.get(message.topic());
                if (socket == null) {
                    continue; // topic not published
                }
                int counter = counters.merge(message.topic(), 1, Integer::sum) - 1;
                if (queued.drop()) {
                    continue;
                }
                byte[] seq = {(byte) counter, (byte) (counter >>> 8), (byte) (counter >>> 16), (byte) (counter >>> 24)};
                // SendZmqMessage in zmqpublishnotifier.cpp: three parts, non-blocking (a full HWM drops).
                socket.sendMore(message.topic().frame());
                socket.sendMore(message.body().toArray());
                socket.send(seq, ZMQ.DONTWAIT);
            }
        }
    }

    /** Subscription messages ({@code 0x01 topic-prefix}) that reached the XPUB sockets. */
    private void readSubscriptions(ZMQ.Socket socket) {
        byte[] message;
        while ((message = socket.recv(ZMQ.DONTWAIT)) != null) {
            if (message.length > 0 && message[0] == 1) {
                String prefix = new String(message, 1, message.length - 1, java.nio.charset.StandardCharsets.US_ASCII);
                subscriptions.merge(prefix, 1, Integer::sum);
            }
        }
    }

    /** How many subscriptions to exactly this topic prefix reached the publisher since it started. */
    public int subscriptions(String topicPrefix) {
        return subscriptions.getOrDefault(topicPrefix, 0);
    }

    private static int bind(ZMQ.Socket socket, int port) {
        socket.bind("tcp://127.0.0.1:" + port);
        return port;
    }

    private static List<Map.Entry<ZmqTopic, Integer>> sortedByTopic(Map<ZmqTopic, Integer> ports) {
        List<Map.Entry<ZmqTopic, Integer>> entries = new ArrayList<>(ports.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }
}
