package dev.vigil.clientsdk.channel;

import java.util.Objects;

/**
 * A registered channel and what has happened to it: whether the wallet closed it (no new
 * appointments then), how many revoked states it reported, and the highest commitment number among
 * them (-1 before the first).
 */
public record ChannelRecord(ChannelSpec spec, boolean closed, long revocations, long highestRevokedNumber) {
    public ChannelRecord {
        Objects.requireNonNull(spec, "spec");
        if (revocations < 0) {
            throw new IllegalArgumentException("revocations is negative: " + revocations);
        }
        if (highestRevokedNumber < -1 || (revocations == 0) != (highestRevokedNumber == -1)) {
            throw new IllegalArgumentException("inconsistent revocations " + revocations + " / " + highestRevokedNumber);
        }
    }

    public static ChannelRecord registered(ChannelSpec spec) {
        return new ChannelRecord(spec, false, 0, -1);
    }

    public ChannelId id() {
        return spec.id();
    }

    public ChannelRecord withSpec(ChannelSpec newSpec) {
        if (!newSpec.id().equals(id())) {
            throw new IllegalArgumentException("another channel: " + newSpec.id());
        }
        return new ChannelRecord(newSpec, closed, revocations, highestRevokedNumber);
    }

    public ChannelRecord revoked(long commitmentNumber) {
        return new ChannelRecord(spec, closed, revocations + 1, Math.max(highestRevokedNumber, commitmentNumber));
    }

    public ChannelRecord closedNow() {
        return new ChannelRecord(spec, true, revocations, highestRevokedNumber);
    }
}
