package dev.vigil.clientsdk.outbox;

import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything the SDK keeps durably, immutable: per tower its subscription (once registered) and its
 * misbehaviour (once found); the appointments not yet accepted; the receipts of those accepted.
 * Pending appointments keep the order they were made in.
 */
public record OutboxSnapshot(Map<TowerId, Subscription> subscriptions, Map<TowerId, Misbehaviour> misbehaving,
        List<PendingAppointment> pending, List<ReceiptProof> receipts) {
    public static final OutboxSnapshot EMPTY = new OutboxSnapshot(Collections.emptyMap(), Collections.emptyMap(),
            Collections.emptyList(), Collections.emptyList());

    public OutboxSnapshot {
        // Copies with the collections of Java 8 (List.copyOf is Android API 30+, the SDK targets 26).
        subscriptions = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(subscriptions, "subscriptions")));
        misbehaving = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(misbehaving, "misbehaving")));
        pending = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(pending, "pending")));
        receipts = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(receipts, "receipts")));
        pending.forEach(p -> Objects.requireNonNull(p, "a pending appointment"));
        receipts.forEach(r -> Objects.requireNonNull(r, "a receipt"));
        misbehaving.forEach((t, m) -> {
            if (!m.tower().equals(t)) {
                throw new IllegalArgumentException("misbehaviour of " + m.tower() + " filed under " + t);
            }
        });
    }

    /** {@code tower}'s pending appointments, oldest first. */
    public List<PendingAppointment> pendingFor(TowerId tower) {
        return pending.stream().filter(p -> p.tower().equals(tower)).collect(Collectors.toList());
    }

    /** {@code tower}'s receipts, oldest first. */
    public List<ReceiptProof> receiptsFrom(TowerId tower) {
        return receipts.stream().filter(r -> r.tower().equals(tower)).collect(Collectors.toList());
    }
}
