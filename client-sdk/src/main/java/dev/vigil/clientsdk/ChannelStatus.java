package dev.vigil.clientsdk;

import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.towerprotocol.TowerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One channel: its record and, per configured tower, how many of its appointments are where. */
public record ChannelStatus(ChannelRecord channel, List<PerTower> towers) {
    public ChannelStatus {
        Objects.requireNonNull(channel, "channel");
        towers = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(towers, "towers")));
    }

    /**
     * @param delivered appointments the tower gave a verified receipt for
     * @param pending   appointments waiting in its outbox (not refused)
     * @param failed    appointments it refused for good, or that wait for a misbehaving tower
     */
    public record PerTower(TowerId tower, int delivered, int pending, int failed) {
        public PerTower {
            Objects.requireNonNull(tower, "tower");
            if (delivered < 0 || pending < 0 || failed < 0) {
                throw new IllegalArgumentException("negative counts");
            }
        }
    }
}
