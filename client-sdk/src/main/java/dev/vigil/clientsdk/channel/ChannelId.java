package dev.vigil.clientsdk.channel;

import dev.vigil.justicetxbuilder.justice.OutPoint;
import java.util.Objects;

/**
 * A channel, named by its funding outpoint: every commitment of the channel spends it (BOLT 3
 * "Commitment Transaction"), and BOLT 2's {@code channel_id} is derived from it, so it is the one
 * identifier the wallet and the chain share.
 */
public record ChannelId(OutPoint fundingOutpoint) {
    public ChannelId {
        Objects.requireNonNull(fundingOutpoint, "fundingOutpoint");
    }

    @Override
    public String toString() {
        return fundingOutpoint.toString();
    }
}
