package dev.vigil.clientsdk;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** What {@link TowerClient#addAppointment} did with an appointment. */
public sealed interface EnqueueResult {
    /** A tower whose outbox already holds its cap of pending appointments. */
    record OutboxFull(TowerId tower, int cap) {
        public OutboxFull {
            Objects.requireNonNull(tower, "tower");
        }
    }

    /**
     * Durably in the outbox of every tower in {@code queuedFor} (at least one) before the call
     * returned. {@code full} and {@code misbehaving} are the towers that did not get it.
     */
    record Enqueued(Locator locator, List<TowerId> queuedFor, List<OutboxFull> full, List<TowerId> misbehaving)
            implements EnqueueResult {
        public Enqueued {
            Objects.requireNonNull(locator, "locator");
            queuedFor = copy(queuedFor, "queuedFor");
            full = copy(full, "full");
            misbehaving = copy(misbehaving, "misbehaving");
            if (queuedFor.isEmpty()) {
                throw new IllegalArgumentException("an enqueued appointment is queued for some tower");
            }
        }
    }

    /** No tower can take it (every outbox full, or every tower misbehaving): nothing was stored. */
    record Refused(Locator locator, List<OutboxFull> full, List<TowerId> misbehaving) implements EnqueueResult {
        public Refused {
            Objects.requireNonNull(locator, "locator");
            full = copy(full, "full");
            misbehaving = copy(misbehaving, "misbehaving");
        }
    }

    /** The wallet's input cannot make an appointment (e.g. a transaction too short to be one). */
    record InvalidInput(String reason) implements EnqueueResult {
        public InvalidInput {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The store failed: nothing was enqueued, the wallet should report and call again. */
    record NotStored(String reason) implements EnqueueResult {
        public NotStored {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static <T> List<T> copy(List<T> list, String what) {
        return Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(list, what)));
    }
}
