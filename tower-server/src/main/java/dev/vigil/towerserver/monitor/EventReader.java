package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: reading a user's log, for pulls and streams.
 *
 * <p><b>Contract.</b> Any thread may call; the read runs on the store's thread after every operation
 * issued before it, and sees committed events only. The stage completes on the store's thread (hop
 * off it before doing anything slow). Empty when the user has no monitoring record.
 */
public interface EventReader {
    /** At most {@code limit} events of the user with {@code cursor > after}, in cursor order, and where its log stands. */
    CompletionStage<Optional<Slice>> eventsAfter(UserId user, long after, int limit);

    /**
     * One read of a log.
     *
     * @param head the user's last cursor assigned and committed (0: none yet)
     * @param oldestCursor the cursor of the oldest event still kept ({@code head + 1} when none is):
     *     events below it were pruned (docs/monitoring.md 3.4)
     */
    record Slice(List<StoredEvent> events, long head, long oldestCursor) {
        public Slice {
            events = List.copyOf(Objects.requireNonNull(events, "events"));
            if (head < 0 || oldestCursor < 1 || oldestCursor > head + 1) {
                throw new IllegalArgumentException("head " + head + " and oldest cursor " + oldestCursor + " do not fit");
            }
        }
    }
}
