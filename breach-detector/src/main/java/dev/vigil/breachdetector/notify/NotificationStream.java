package dev.vigil.breachdetector.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns raw multipart messages into the ordered events a {@link NotificationListener} receives:
 * decodes each message and checks its topic's sequence, putting a {@link ReconcileNeeded} ahead of
 * the message that revealed a gap or a restart. A message with a known topic and a valid sequence
 * frame counts for the sequence even if its body is bad, so a corrupt body does not later look
 * like a gap.
 *
 * <p>Not thread-safe: owned by the subscriber's thread.
 */
public final class NotificationStream {
    private final SequenceTracker tracker = new SequenceTracker();

    /** The events for one received message, in delivery order (one or two). */
    public List<NotifierEvent> accept(List<byte[]> frames) {
        List<NotifierEvent> out = new ArrayList<>(2);
        long seq = ZmqMessageDecoder.sequenceOf(frames);
        Optional<ZmqTopic> topic = frames.isEmpty() ? Optional.empty()
                : ZmqTopic.fromFrame(frames.get(0));
        if (seq >= 0 && topic.isPresent()) {
            tracker.observe(topic.get(), seq).ifPresent(out::add);
        }
        out.add(ZmqMessageDecoder.decode(frames));
        return out;
    }

    /** A (re)connection: counters start over and the chain must be reconciled. */
    public ReconcileNeeded connected(String endpoint) {
        tracker.reset();
        return new ReconcileNeeded(ReconcileNeeded.Reason.CONNECTED, "connected to " + endpoint);
    }
}
