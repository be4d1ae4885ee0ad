package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import java.util.Objects;

/**
 * A tower's signed promise to watch {@code appointment}: everything a third party needs to check it.
 * The user signature (by the user key for {@code tower}) covers the locator, blob and delay;
 * {@code towerSignature} covers the user signature and {@code startBlock}
 * ({@link AppointmentReceipt#serialize()}) and recovers to {@code tower}'s id when the receipt is good.
 */
public record ReceiptProof(TowerId tower, Appointment appointment, String userSignature, long startBlock,
        String towerSignature) {
    public ReceiptProof {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(appointment, "appointment");
        Objects.requireNonNull(userSignature, "userSignature");
        Objects.requireNonNull(towerSignature, "towerSignature");
        new AppointmentReceipt(userSignature, startBlock); // checks start_block is a u32
    }

    /** The bytes {@link #towerSignature} signs. */
    public byte[] signedBytes() {
        return new AppointmentReceipt(userSignature, startBlock).serialize();
    }
}
