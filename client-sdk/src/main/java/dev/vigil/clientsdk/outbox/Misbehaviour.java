package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.TowerId;
import java.util.Objects;
import java.util.Optional;

/**
 * Why {@code tower} is no longer trusted, with the evidence: the receipt it signed (or failed to sign
 * properly), when there is one. A misbehaving tower gets no further appointments.
 */
public record Misbehaviour(TowerId tower, long detectedAtMillis, String reason, Optional<ReceiptProof> evidence) {
    public Misbehaviour {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
        if (detectedAtMillis < 0) {
            throw new IllegalArgumentException("detectedAtMillis is negative: " + detectedAtMillis);
        }
        evidence.ifPresent(e -> {
            if (!e.tower().equals(tower)) {
                throw new IllegalArgumentException("evidence from another tower: " + e.tower());
            }
        });
    }
}
