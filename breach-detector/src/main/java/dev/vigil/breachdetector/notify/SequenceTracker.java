package dev.vigil.breachdetector.notify;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Follows each topic's 32-bit sequence counter. bitcoind keeps one counter per notifier, in memory,
 * starting at 0 at every start (doc/zmq.md; zmqpublishnotifier.cpp): the next expected value is the
 * last plus one (mod 2^32). Anything else means notifications were lost or the node restarted, and
 * the chain must be reconciled over RPC.
 *
 * <p>Not thread-safe: owned by the subscriber's thread.
 */
public final class SequenceTracker {
    private static final long MOD = 1L << 32;
    private final Map<ZmqTopic, Long> lastSeen = new EnumMap<>(ZmqTopic.class);

    /**
     * Records a message's sequence and says whether it breaks the topic's run.
     *
     * @return empty when the message is the expected next one; otherwise why to reconcile
     */
    public Optional<ReconcileNeeded> observe(ZmqTopic topic, long sequence) {
        if (sequence < 0 || sequence >= MOD) {
            throw new IllegalArgumentException("sequence out of uint32 range: " + sequence);
        }
        Long last = lastSeen.put(topic, sequence);
        if (last == null) {
            return Optional.of(new ReconcileNeeded(ReconcileNeeded.Reason.FIRST_MESSAGE,
                    topic.wireName() + " first message has sequence " + sequence));
        }
        long expected = (last + 1) % MOD;
        if (sequence == expected) {
            return Optional.empty();
        }
        long ahead = Math.floorMod(sequence - expected, MOD);
        if (sequence == 0 || ahead >= MOD / 2) {
            return Optional.of(new ReconcileNeeded(ReconcileNeeded.Reason.RESTART, topic.wireName()
                    + " sequence went from " + last + " back to " + sequence));
        }
        return Optional.of(new ReconcileNeeded(ReconcileNeeded.Reason.GAP, topic.wireName()
                + " expected sequence " + expected + ", got " + sequence + " (" + ahead + " lost)"));
    }

    /** Forgets every counter (after a reconnect the next message of each topic counts as first). */
    public void reset() {
        lastSeen.clear();
    }
}
