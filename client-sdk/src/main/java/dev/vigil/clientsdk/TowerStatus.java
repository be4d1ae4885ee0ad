package dev.vigil.clientsdk;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * One tower as the SDK sees it, and the report on its outbox: the user id it knows us by, the
 * subscription it signed for (empty until registered), the appointments pending (of which
 * {@code rejected} were refused for good) against the outbox's {@code outboxCap}, when the oldest of
 * them was made ({@code oldestPendingAtMillis}, -1 when none waits), how many were delivered (each
 * with its verified receipt), its misbehaviour if any, how many times in a row it failed, and when it
 * may be contacted again (0: now).
 */
public record TowerStatus(TowerEndpoint endpoint, UserId userId, Optional<Subscription> subscription, int pending,
        int rejected, int outboxCap, long oldestPendingAtMillis, int delivered, Optional<Misbehaviour> misbehaviour,
        int failures, long notBeforeMillis) {
    public TowerStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(misbehaviour, "misbehaviour");
        if (pending < 0 || rejected < 0 || rejected > pending || delivered < 0 || failures < 0 || outboxCap < 1
                || (pending == 0) != (oldestPendingAtMillis == -1)) {
            throw new IllegalArgumentException("inconsistent counts: " + pending + ", " + rejected + ", " + delivered);
        }
    }
}
