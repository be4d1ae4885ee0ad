package dev.vigil.clientsdk;

import dev.vigil.clientsdk.channel.ChannelId;
import java.util.Objects;

/** What {@link TowerClient#closeChannel} did. */
public sealed interface CloseResult {
    /**
     * The channel takes no new revocations. Appointments already made stay in the outboxes and are
     * still delivered: a revoked state of a closing channel can still be broadcast until the close
     * is deeply confirmed.
     */
    record Closed(ChannelId channel) implements CloseResult {
        public Closed {
            Objects.requireNonNull(channel, "channel");
        }
    }

    record UnknownChannel(ChannelId channel) implements CloseResult {
        public UnknownChannel {
            Objects.requireNonNull(channel, "channel");
        }
    }

    record NotStored(String reason) implements CloseResult {
        public NotStored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
