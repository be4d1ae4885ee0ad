package dev.vigil.clientsdk.outbox;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.TowerId;
import java.util.Objects;
import java.util.Optional;

/**
 * An appointment waiting in {@code tower}'s outbox, signed with the user key for that tower. It
 * leaves the outbox only when the tower's receipt for it verifies. {@code rejection} is the tower's
 * answer if it refused the appointment for good (a 4xx that no retry changes): it is then kept,
 * reported and not sent again. {@code channel} is the wallet's channel the appointment guards, when
 * it came from {@code onRevokedCommitment}.
 */
public record PendingAppointment(TowerId tower, Appointment appointment, String userSignature, long enqueuedAtMillis,
        Optional<String> rejection, Optional<ChannelId> channel) {
    public PendingAppointment {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(userSignature, "userSignature");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(channel, "channel");
        if (userSignature.isEmpty()) {
            throw new IllegalArgumentException("userSignature is empty");
        }
        if (enqueuedAtMillis < 0) {
            throw new IllegalArgumentException("enqueuedAtMillis is negative: " + enqueuedAtMillis);
        }
    }

    public PendingAppointment rejected(String why) {
        return new PendingAppointment(tower, appointment, userSignature, enqueuedAtMillis, Optional.of(why), channel);
    }
}
