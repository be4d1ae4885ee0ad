package dev.vigil.towerserver.metrics;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerObserver;
import dev.vigil.towerserver.responder.TrackerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The breaches this process answered (a count) and the last {@code capacity} of them with where their
 * justice transaction stands (the status page). Written on the tower thread alone
 * ({@link TrackerObserver}'s contract); read by any thread as an immutable snapshot republished when
 * an entry changes.
 */
final class RecentBreaches implements TrackerObserver {
    /** What a tracker no longer held became: irrevocable, or given up (the log says which). */
    static final String RESOLVED = "resolved";

    /**
     * One breach: the dispute's height ({@code -1} if a reorg took it out of the chain), both txids in
     * display order, the justice transaction's state ({@link TrackerState#label()} or {@link #RESOLVED}),
     * and when (epoch milliseconds) it was seen and last changed state.
     */
    record Entry(long height, String disputeTxid, String justiceTxid, String state, long seenMillis, long changedMillis) {
        Entry {
            Objects.requireNonNull(disputeTxid, "disputeTxid");
            Objects.requireNonNull(justiceTxid, "justiceTxid");
            Objects.requireNonNull(state, "state");
        }

        Entry moved(long height, String state, long now) {
            return state.equals(this.state) && height == this.height ? this
                    : new Entry(height, disputeTxid, justiceTxid, state, seenMillis, state.equals(this.state) ? changedMillis : now);
        }
    }

    private final int capacity;
    private final LongSupplier clock;
    /** Tower thread only: oldest first. */
    private final LinkedHashMap<AppointmentId, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong seen = new AtomicLong();
    private volatile List<Entry> snapshot = List.of();

    /** @param clock epoch milliseconds ({@code System::currentTimeMillis}; tests pass their own) */
    RecentBreaches(int capacity, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void changed(Optional<Tracker> before, Optional<Tracker> after) {
        if (before.isEmpty() && after.isEmpty()) {
            return; // a breach given up at once (a blob that decrypts to no valid transaction): nothing was answered
        }
        long now = clock.getAsLong();
        if (before.isEmpty()) {
            Tracker t = after.get();
            seen.incrementAndGet();
            entries.remove(t.id());
            entries.put(t.id(), new Entry(t.disputeHeight(), t.disputeTxid().toDisplayHex(), t.penaltyTxid().toDisplayHex(),
                    TrackerState.of(t.status()).label(), now, now));
            while (entries.size() > capacity) {
                entries.remove(entries.keySet().iterator().next());
            }
            publish();
            return;
        }
        Tracker t = after.orElseGet(before::orElseThrow);
        Entry e = entries.get(t.id());
        if (e == null) {
            return; // answered before this process started, or pushed out of the ring
        }
        Entry moved = after.isPresent() ? e.moved(t.disputeHeight(), TrackerState.of(t.status()).label(), now)
                : e.moved(e.height(), RESOLVED, now);
        if (moved != e) {
            entries.put(t.id(), moved);
            publish();
        }
    }

    private void publish() {
        snapshot = Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    /** The breaches held, oldest first. Any thread. */
    List<Entry> snapshot() {
        return snapshot;
    }

    /** Breaches answered since this process started. Any thread. */
    long seen() {
        return seen.get();
    }
}
