package dev.vigil.breachdetector.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link ChainMonitor} expects ZMQ to announce, so that it can say so when it does not: the
 * endpoints the tower subscribed to for {@code rawblock} and {@code sequence} (as configured, for the
 * operator's fix), how long after a walk that found new blocks their announcements may still arrive,
 * and how often the warning repeats while ZMQ stays silent.
 *
 * @param rawblock    the configured {@code zmq.rawblock} endpoint ({@code tcp://host:port})
 * @param sequence    the configured {@code zmq.sequence} endpoint
 * @param grace       how long after such a walk an announcement still counts (loopback needs milliseconds)
 * @param repeatEvery the least time between two warnings about the same silent topic
 */
public record ZmqExpectation(String rawblock, String sequence, Duration grace, Duration repeatEvery) {
    /** Two seconds: far longer than loopback needs to deliver a 4 MB block after bitcoind publishes it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    /** Ten minutes: a silent ZMQ is repeated in the log while it lasts, without flooding it. */
    public static final Duration DEFAULT_REPEAT = Duration.ofMinutes(10);

    public ZmqExpectation {
        Objects.requireNonNull(rawblock, "rawblock");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(repeatEvery, "repeatEvery");
        if (grace.isNegative() || repeatEvery.isNegative()) {
            throw new IllegalArgumentException("grace and repeatEvery must not be negative");
        }
    }

    /** The endpoints with the default grace and repetition. */
    public static ZmqExpectation of(String rawblock, String sequence) {
        return new ZmqExpectation(rawblock, sequence, DEFAULT_GRACE, DEFAULT_REPEAT);
    }
}
