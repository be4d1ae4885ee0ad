package dev.vigil.breachdetector.zmq;

import dev.vigil.breachdetector.notify.ZmqTopic;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to subscribe to bitcoind's ZMQ publishers.
 *
 * @param endpoints             the {@code -zmqpub<topic>} addresses; {@code tcp://} only, because
 *                              JeroMQ cannot speak bitcoind's {@code ipc://}/{@code unix:} form
 *                              (bitcoind-interface.md §2). Topics may be spread over several ports;
 *                              one SUB socket connects to all of them
 * @param topics                what to subscribe to
 * @param maxMessageBytes       ZMQ_MAXMSGSIZE: a larger message makes JeroMQ drop the connection
 *                              (and reconnect) instead of allocating it. The default, 8 MiB, is
 *                              twice bitcoind's largest {@code rawblock} (a 4,000,000-byte block,
 *                              MAX_BLOCK_SERIALIZED_SIZE) and bounds what anything else reaching the
 *                              port can make us allocate (jeromq #440)
 * @param pollInterval          how long the socket thread waits for a message before checking its
 *                              stop flag: the bound on {@link ZmqBlockNotifier#close()}'s latency.
 *                              The thread is never interrupted (JeroMQ is not interrupt-safe)
 * @param receiveHighWaterMark  ZMQ_RCVHWM, messages queued on our side before JeroMQ drops them
 *                              (a drop shows up as a sequence gap)
 * @param reconnectIntervalMax  ZMQ_RECONNECT_IVL_MAX: JeroMQ reconnects by itself, backing off from
 *                              100 ms up to this
 * @param handshakeTimeout      ZMQ_HANDSHAKE_IVL: a connection whose ZMTP handshake has not finished
 *                              by then is dropped and retried. The default, 3 s (libzmq's is 30 s),
 *                              bounds JeroMQ 0.6.0's occasional stalled handshake; a healthy one
 *                              takes milliseconds on loopback or a LAN
 */
public record ZmqSubscriberConfig(List<String> endpoints, Set<ZmqTopic> topics, long maxMessageBytes,
        Duration pollInterval, int receiveHighWaterMark, Duration reconnectIntervalMax,
        Duration handshakeTimeout) {

    public static final long DEFAULT_MAX_MESSAGE_BYTES = 8L * 1024 * 1024;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_RECEIVE_HWM = 1000;
    public static final Duration DEFAULT_RECONNECT_INTERVAL_MAX = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    public ZmqSubscriberConfig {
        endpoints = List.copyOf(endpoints);
        topics = Set.copyOf(topics);
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(reconnectIntervalMax, "reconnectIntervalMax");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.toMillis() < 100 || handshakeTimeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("handshakeTimeout must be within [100 ms, 60 s]");
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one ZMQ endpoint is needed");
        }
        for (String e : endpoints) {
            if (!e.startsWith("tcp://")) {
                throw new IllegalArgumentException("ZMQ endpoint must be tcp:// (JeroMQ cannot use "
                        + "bitcoind's ipc/unix sockets): " + e);
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is needed");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes too small: " + maxMessageBytes);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.toMillis() > 10_000) {
            throw new IllegalArgumentException("pollInterval must be within (0, 10 s]: " + pollInterval);
        }
        if (receiveHighWaterMark < 0) {
            throw new IllegalArgumentException("receiveHighWaterMark must be >= 0");
        }
    }

    /**
     * The usual subscription for following the chain: {@code rawblock}, {@code hashblock} and
     * {@code sequence} (DESIGN §3), with the defaults above.
     */
    public static ZmqSubscriberConfig forChain(List<String> endpoints) {
        return new ZmqSubscriberConfig(endpoints,
                EnumSet.of(ZmqTopic.RAWBLOCK, ZmqTopic.HASHBLOCK, ZmqTopic.SEQUENCE),
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_POLL_INTERVAL, DEFAULT_RECEIVE_HWM,
                DEFAULT_RECONNECT_INTERVAL_MAX, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** The same with other topics. */
    public ZmqSubscriberConfig withTopics(Set<ZmqTopic> newTopics) {
        return new ZmqSubscriberConfig(endpoints, newTopics, maxMessageBytes, pollInterval,
                receiveHighWaterMark, reconnectIntervalMax, handshakeTimeout);
    }

    /** The same with another maximum message size. */
    public ZmqSubscriberConfig withMaxMessageBytes(long bytes) {
        return new ZmqSubscriberConfig(endpoints, topics, bytes, pollInterval, receiveHighWaterMark,
                reconnectIntervalMax, handshakeTimeout);
    }
}
