package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.TowerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** What one {@link TowerClient#flush()} did, tower by tower, in configuration order. */
public record FlushReport(List<TowerFlush> towers) {
    public FlushReport {
        towers = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(towers, "towers")));
    }

    /** The entry for {@code tower}. */
    public TowerFlush of(TowerId tower) {
        return towers.stream().filter(t -> t.tower().equals(tower)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a configured tower: " + tower));
    }

    /** One tower's part: receipts verified in this flush, appointments still waiting, how it ended. */
    public record TowerFlush(TowerId tower, int delivered, int stillPending, Outcome outcome) {
        public TowerFlush {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(outcome, "outcome");
            if (delivered < 0 || stillPending < 0) {
                throw new IllegalArgumentException("negative counts: " + delivered + ", " + stillPending);
            }
        }
    }

    /** How a tower's part of the flush ended. */
    public sealed interface Outcome {
        /** Every deliverable appointment is delivered (rejected ones stay, not retried). */
        record Done() implements Outcome {}

        /** Unreachable or busy: not contacted again before {@code notBeforeMillis}. */
        record RetryLater(long notBeforeMillis, String reason) implements Outcome {
            public RetryLater {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** Not contacted: still backing off, or the registration was refused ({@code why}). */
        record NotContacted(String why) implements Outcome {
            public NotContacted {
                Objects.requireNonNull(why, "why");
            }
        }

        /** The tower is misbehaving (found now or before): it gets nothing more. */
        record Misbehaving(Misbehaviour misbehaviour) implements Outcome {
            public Misbehaving {
                Objects.requireNonNull(misbehaviour, "misbehaviour");
            }
        }

        /** A receipt verified but could not be stored: the appointment stays pending and is sent again. */
        record StoreFailed(String reason) implements Outcome {
            public StoreFailed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
