package dev.vigil.clientsdk;

import dev.vigil.clientsdk.channel.ChannelId;
import java.util.Objects;

/** What {@link TowerClient#registerChannel} did. */
public sealed interface ChannelResult {
    /**
     * The channel is registered (durably): new, or already known with the same parameters, in which
     * case its sweep policy is now the one given.
     */
    record Registered(ChannelId channel) implements ChannelResult {
        public Registered {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** Refused: {@code reason} says why (another channel on this outpoint, a closed channel). Nothing stored. */
    record Invalid(String reason) implements ChannelResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The store failed; nothing changed; call again. */
    record NotStored(String reason) implements ChannelResult {
        public NotStored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
