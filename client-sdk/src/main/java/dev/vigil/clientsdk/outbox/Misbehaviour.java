package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * Why {@code tower} is no longer trusted, with the evidence: the receipt it signed (or failed to sign
 * properly), when there is one, or the monitoring event it sent that did not verify
 * ({@code badEvent}, docs/monitoring.md 6.1). At most one of the two is present. A misbehaving tower
 * gets no further appointments and is not asked for events.
 */
public record Misbehaviour(TowerId tower, long detectedAtMillis, String reason, Optional<ReceiptProof> evidence,
                           Optional<BadEvent> badEvent) {
    public Misbehaviour {
        Objects.requireNonNull(tower, "tower");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(badEvent, "badEvent");
        if (detectedAtMillis < 0) {
            throw new IllegalArgumentException("detectedAtMillis is negative: " + detectedAtMillis);
        }
        if (evidence.isPresent() && badEvent.isPresent()) {
            throw new IllegalArgumentException("one piece of evidence: a receipt or an event");
        }
        evidence.ifPresent(e -> {
            if (!e.tower().equals(tower)) {
                throw new IllegalArgumentException("evidence from another tower: " + e.tower());
            }
        });
    }

    /** Misbehaviour around a receipt (or with no evidence): no event. */
    public Misbehaviour(TowerId tower, long detectedAtMillis, String reason, Optional<ReceiptProof> evidence) {
        this(tower, detectedAtMillis, reason, evidence, Optional.empty());
    }

    /**
     * A monitoring event that failed the wallet's checks, exactly as the tower sent it (C with its
     * signature spliced in, docs/monitoring.md 2.6): whoever holds the tower id can check it again.
     */
    public record BadEvent(Bytes wire) {
        public BadEvent {
            Objects.requireNonNull(wire, "wire");
            if (wire.isEmpty()) {
                throw new IllegalArgumentException("an event is not empty");
            }
        }
    }
}
