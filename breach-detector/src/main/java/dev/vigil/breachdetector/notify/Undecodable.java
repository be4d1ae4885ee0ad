package dev.vigil.breachdetector.notify;

import java.util.Objects;

/**
 * A message that is not a valid bitcoind notification (wrong frame count or length, unknown topic
 * or label). Logged and otherwise ignored; if it was a real notification, the next message's
 * sequence gap triggers a reconcile.
 *
 * @param topic  the topic frame as text (may be garbage)
 * @param reason what is wrong
 */
public record Undecodable(String topic, String reason) implements NotifierEvent {
    public Undecodable {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }
}
