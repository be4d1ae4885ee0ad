package dev.vigil.clientsdk.outbox;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the SDK keeps durably: per tower its subscription (once registered), its misbehaviour
 * (once found), its backoff, the appointments not yet accepted (in the order they were made; one per
 * locator) and the receipts of those accepted, and the cursor of its events the wallet acknowledged;
 * and the wallet's channels.
 *
 * <p>Mutable and not thread-safe: the SDK owns one under its state lock and changes it only through
 * {@link #apply}, after the change is durable. Readers get copies.
 */
public final class OutboxState {
    private final Map<TowerId, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<TowerId, Misbehaviour> misbehaving = new LinkedHashMap<>();
    private final Map<TowerId, OutboxChange.BackedOff> backoff = new LinkedHashMap<>();
    private final Map<TowerId, LinkedHashMap<Locator, PendingAppointment>> pending = new LinkedHashMap<>();
    private final Map<TowerId, List<ReceiptProof>> receipts = new LinkedHashMap<>();
    private final Map<ChannelId, ChannelRecord> channels = new LinkedHashMap<>();
    private final Map<TowerId, Long> cursors = new LinkedHashMap<>();

    /** Applies one change. Never fails on a change the SDK made from this state. */
    public void apply(OutboxChange change) {
        if (change instanceof OutboxChange.SubscriptionSigned s) {
            subscriptions.put(s.tower(), s.subscription());
        } else if (change instanceof OutboxChange.MisbehaviourFound m) {
            misbehaving.put(m.misbehaviour().tower(), m.misbehaviour());
        } else if (change instanceof OutboxChange.Queued q) {
            PendingAppointment p = q.appointment();
            pending.computeIfAbsent(p.tower(), t -> new LinkedHashMap<>()).put(p.appointment().locator(), p);
        } else if (change instanceof OutboxChange.Accepted a) {
            ReceiptProof r = a.receipt();
            Map<Locator, PendingAppointment> queue = pending.get(r.tower());
            PendingAppointment sent = queue == null ? null : queue.get(r.appointment().locator());
            // Only the version the receipt is for leaves: one queued under the same locator while it
            // was on its way (a re-reported state) is still to be sent, and replaces it there.
            if (sent != null && sent.appointment().equals(r.appointment())) {
                queue.remove(r.appointment().locator());
            }
            receipts.computeIfAbsent(r.tower(), t -> new ArrayList<>()).add(r);
        } else if (change instanceof OutboxChange.Rejected r) {
            Map<Locator, PendingAppointment> queue = pending.get(r.tower());
            PendingAppointment p = queue == null ? null : queue.get(r.locator());
            if (p != null) {
                queue.put(r.locator(), p.rejected(r.reason()));
            }
        } else if (change instanceof OutboxChange.RejectedPurged r) {
            Map<Locator, PendingAppointment> queue = pending.get(r.tower());
            if (queue != null) {
                queue.values().removeIf(p -> p.rejection().isPresent());
            }
        } else if (change instanceof OutboxChange.BackedOff b) {
            if (b.failures() == 0 && b.notBeforeMillis() == 0) {
                backoff.remove(b.tower());
            } else {
                backoff.put(b.tower(), b);
            }
        } else if (change instanceof OutboxChange.ChannelUpdated c) {
            channels.put(c.channel().id(), c.channel());
        } else if (change instanceof OutboxChange.CursorAcknowledged a) {
            // Monotone even if a log held a lower one after a higher (the SDK never writes that).
            cursors.merge(a.tower(), a.cursor(), Math::max);
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
    }

    /** The changes that rebuild this state from empty, in an order {@link #apply} accepts. */
    public List<OutboxChange> asChanges() {
        List<OutboxChange> out = new ArrayList<>();
        channels.values().forEach(c -> out.add(new OutboxChange.ChannelUpdated(c)));
        subscriptions.forEach((t, s) -> out.add(new OutboxChange.SubscriptionSigned(t, s)));
        misbehaving.values().forEach(m -> out.add(new OutboxChange.MisbehaviourFound(m)));
        backoff.values().forEach(out::add);
        receipts.values().forEach(rs -> rs.forEach(r -> out.add(new OutboxChange.Accepted(r))));
        pending.values().forEach(q -> q.values().forEach(p -> out.add(new OutboxChange.Queued(p))));
        cursors.forEach((t, c) -> out.add(new OutboxChange.CursorAcknowledged(t, c)));
        return out;
    }

    public Optional<Subscription> subscription(TowerId tower) {
        return Optional.ofNullable(subscriptions.get(tower));
    }

    /** The cursor of {@code tower}'s events the wallet acknowledged last; 0 before the first. */
    public long acknowledgedCursor(TowerId tower) {
        Long c = cursors.get(tower);
        return c == null ? 0 : c;
    }

    public Optional<Misbehaviour> misbehaviour(TowerId tower) {
        return Optional.ofNullable(misbehaving.get(tower));
    }

    /** {@code tower}'s backoff: (0, 0) when it may be contacted now. */
    public OutboxChange.BackedOff backoff(TowerId tower) {
        OutboxChange.BackedOff b = backoff.get(tower);
        return b != null ? b : new OutboxChange.BackedOff(tower, 0, 0);
    }

    /** {@code tower}'s pending appointments (refused ones included), oldest first. */
    public List<PendingAppointment> pendingFor(TowerId tower) {
        Map<Locator, PendingAppointment> queue = pending.get(tower);
        return queue == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(queue.values()));
    }

    public Optional<PendingAppointment> pending(TowerId tower, Locator locator) {
        Map<Locator, PendingAppointment> queue = pending.get(tower);
        return Optional.ofNullable(queue == null ? null : queue.get(locator));
    }

    /** The oldest appointment {@code tower} has not refused, if any. */
    public Optional<PendingAppointment> nextToSend(TowerId tower) {
        Map<Locator, PendingAppointment> queue = pending.get(tower);
        if (queue != null) {
            for (Iterator<PendingAppointment> it = queue.values().iterator(); it.hasNext(); ) {
                PendingAppointment p = it.next();
                if (!p.rejection().isPresent()) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public int pendingCount(TowerId tower) {
        Map<Locator, PendingAppointment> queue = pending.get(tower);
        return queue == null ? 0 : queue.size();
    }

    /** {@code tower}'s receipts, oldest first. */
    public List<ReceiptProof> receiptsFrom(TowerId tower) {
        List<ReceiptProof> r = receipts.get(tower);
        return r == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(r));
    }

    /** The newest receipt {@code tower} gave for {@code locator}. */
    public Optional<ReceiptProof> receipt(TowerId tower, Locator locator) {
        List<ReceiptProof> r = receipts.get(tower);
        if (r != null) {
            for (int i = r.size() - 1; i >= 0; i--) {
                if (r.get(i).appointment().locator().equals(locator)) {
                    return Optional.of(r.get(i));
                }
            }
        }
        return Optional.empty();
    }

    public Optional<ChannelRecord> channel(ChannelId id) {
        return Optional.ofNullable(channels.get(id));
    }

    public List<ChannelRecord> channels() {
        return Collections.unmodifiableList(new ArrayList<>(channels.values()));
    }
}
