package dev.vigil.clientsdk.outbox;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import java.util.Objects;
import java.util.Optional;

/**
 * A tower's signed promise to watch {@code appointment}: everything a third party needs to check it.
 * The user signature (by the user key for {@code tower}) covers the locator, blob and delay;
 * {@code towerSignature} covers the user signature and {@code startBlock}
 * ({@link AppointmentReceipt#serialize()}) and recovers to {@code tower}'s id when the receipt is good.
 * {@code channel} is the wallet's own note of the channel it guards (not part of the proof).
 */
public record ReceiptProof(TowerId tower, Appointment appointment, String userSignature, long startBlock,
        String towerSignature, Optional<ChannelId> channel) {
    public ReceiptProof {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(userSignature, "userSignature");
        Objects.requireNonNull(towerSignature, "towerSignature");
        Objects.requireNonNull(channel, "channel");
        new AppointmentReceipt(userSignature, startBlock); // checks start_block is a u32
    }

    /** The bytes {@link #towerSignature} signs. */
    public byte[] signedBytes() {
        return new AppointmentReceipt(userSignature, startBlock).serialize();
    }
}
