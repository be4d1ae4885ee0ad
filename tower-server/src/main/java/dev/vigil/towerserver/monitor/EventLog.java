package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FailureReason;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Head;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Justice;
import dev.vigil.towerprotocol.monitor.MonitorEvent.PenaltyState;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerNews;
import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.tower.TowerThread;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The monitored users' logs, as the tower thread writes them (docs/monitoring.md 2.3, 3.2): turns
 * news into events, assigns each its cursor (this is the only writer of events, so cursor order is
 * the order of the batches, which the store commits in order), builds its signed bytes C and adds it
 * to the open batch. Implements the responder's {@link TrackerNews}.
 *
 * <p>A user has a log once it has called a monitoring route ({@link #enroll}); for every other user
 * (every plain teos client) nothing is written and every cursor is 0, so a teos client costs nothing.
 *
 * <p>Tower thread only (each method checks it); not thread-safe. The cursors handed out by a batch
 * that fails to commit were never read by anyone (the tower stops, or the request fails), so a
 * restart may hand them out again: a cursor is never reused for a delivered event.
 */
public final class EventLog implements TrackerNews {
    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());
    /** At most this many events are pruned by age per block; the rest go at the next (docs/monitoring.md 3.4). */
    static final int MAX_AGE_PRUNES_PER_BLOCK = 10_000;

    private final TowerId tower;
    private final TowerThread owner;
    private final MonitorWrites writes;
    private final EventBounds bounds;
    private final LongSupplier clockMs;
    /** Monitored user → the cursor its next event gets. */
    private final Map<UserId, Long> next = new HashMap<>();
    /** The block in hand: a connected block while it is processed, the block leaving during a disconnect, else the tip. */
    private long height;
    private BlockHash blockHash;

    /**
     * @param writes the open batch's monitoring writes
     * @param loaded the monitored users as stored ({@link MonitorLoad})
     * @param height the tip when the tower starts, and {@code hash} its block
     */
    public EventLog(TowerId tower, TowerThread owner, MonitorWrites writes, EventBounds bounds, LongSupplier clockMs,
            Collection<MonitoredUser> loaded, long height, BlockHash hash) {
        this.tower = Objects.requireNonNull(tower, "tower");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        loaded.forEach(u -> next.put(u.user(), u.nextCursor()));
        // Built before the tower thread runs it, so without the owner check of at().
        this.height = height;
        this.blockHash = Objects.requireNonNull(hash, "hash");
    }

    /** The block the next events belong to (the watcher calls this as a block starts and ends). */
    public void at(long height, BlockHash hash) {
        owner.checkOwner("moving the event log's block");
        if (height < 0) {
            throw new IllegalArgumentException("height " + height);
        }
        this.height = height;
        this.blockHash = Objects.requireNonNull(hash, "hash");
    }

    public boolean monitors(UserId user) {
        owner.checkOwner("reading the monitored users");
        return next.containsKey(user);
    }

    /** How many users have a log. */
    public int size() {
        owner.checkOwner("counting the monitored users");
        return next.size();
    }

    /** The user's first monitoring request: it gets a log (in the open batch) unless it has one. */
    public void enroll(UserId user) {
        owner.checkOwner("enrolling a user");
        if (!next.containsKey(user)) {
            writes.enrollUser(user);
            next.put(user, 1L);
        }
    }

    /** The users were deleted (the store deletes their logs with them, in the same batch). */
    public void forget(Collection<UserId> deleted) {
        owner.checkOwner("forgetting users");
        deleted.forEach(next::remove);
    }

    /** A block joined the chain: events older than the age bound go (in the block's batch). */
    public void blockConnected(long blockHeight) {
        owner.checkOwner("pruning by age");
        if (!next.isEmpty() && blockHeight > bounds.maxAgeBlocks()) {
            writes.pruneEventsBelow(blockHeight - bounds.maxAgeBlocks(), MAX_AGE_PRUNES_PER_BLOCK);
        }
    }

    /**
     * Appends the event {@code make} builds from its head (cursor, id, user, the block in hand) to the
     * user's log, in the open batch. Returns its cursor, or 0 if the user has no log (nothing written).
     */
    public long append(UserId user, Function<Head, MonitorEvent> make) {
        owner.checkOwner("appending an event");
        Long cursor = next.get(user);
        if (cursor == null) {
            return 0;
        }
        MonitorEvent event = make.apply(new Head(cursor, EventId.of(tower, user, cursor), user, height, blockHash));
        Bytes c = EventCodec.encode(event);
        writes.appendEvent(new StoredEvent(user, cursor, event.type(), height, clockMs.getAsLong(), c), bounds);
        next.put(user, cursor + 1);
        return cursor;
    }

    /**
     * Appends a {@code retracted} naming the user's event {@code cursor} of type {@code retractedType}
     * (docs/monitoring.md 2.3; the block in hand is the one leaving), for a fact that is not the
     * responder's (a watch's {@code funding_spent}). Returns its cursor, or 0 if nothing was written: the
     * user has no log, or the event named is not in it (the log was deleted with its user and begun again
     * since). Never throws, as {@link #announce}.
     */
    public long retract(UserId user, long cursor, EventType retractedType) {
        owner.checkOwner("retracting");
        Objects.requireNonNull(retractedType, "retractedType");
        Long head = next.get(user);
        if (head == null || cursor < 1 || cursor >= head) {
            return 0;
        }
        try {
            return append(user, h -> new MonitorEvent.Retracted(h, EventId.of(tower, user, cursor), cursor, retractedType));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the retraction of event " + cursor + " of user " + user + " could not be made, and is left out: " + e);
            return 0;
        }
    }

    /**
     * Never throws: a monitoring event that cannot be made is logged and left out (cursor 0), because
     * the news comes on the breach path, whose batch must not fail for want of a report.
     */
    @Override
    public long announce(Tracker t, News news) {
        owner.checkOwner("announcing");
        Long cursor = next.get(t.user());
        if (cursor == null) {
            return 0;
        }
        if (news instanceof News.Retracted r && r.cursor() >= cursor) {
            // The log was deleted with its user and begun again since the event was announced: the
            // event named is not in this log.
            return 0;
        }
        Justice j = new Justice(t.locator(), t.disputeTxid(), t.penaltyTxid());
        try {
            return append(t.user(), head -> event(head, t, j, news));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the monitoring event for " + news + " of tracker " + t.id() + " of user " + t.user()
                    + " could not be made, and is left out of the user's log: " + e);
            return 0;
        }
    }

    private MonitorEvent event(Head head, Tracker t, Justice j, News news) {
        if (news instanceof News.BreachSeen b) {
            return new MonitorEvent.BreachSeen(head, j, t.toSelfDelay(), b.deadlineHeight());
        }
        if (news instanceof News.JusticeBroadcast) {
            return new MonitorEvent.JusticeBroadcast(head, j);
        }
        if (news instanceof News.InMempool) {
            return new MonitorEvent.JusticeInMempool(head, j);
        }
        if (news instanceof News.Confirmed c) {
            return new MonitorEvent.JusticeConfirmed(head, j, c.confirmedHeight(), head.height() - c.confirmedHeight() + 1);
        }
        if (news instanceof News.Depth d) {
            return new MonitorEvent.JusticeDepth(head, j, d.confirmedHeight(), d.depth());
        }
        if (news instanceof News.Irrevocable i) {
            return new MonitorEvent.JusticeIrrevocable(head, j, i.confirmedHeight(), i.depth(), i.refundedSlots());
        }
        if (news instanceof News.InputsSpent s) {
            return new MonitorEvent.JusticeFailed(head, FailureReason.INPUTS_SPENT, j, s.spend().map(f -> new MonitorEvent.ForeignSpend(
                    f.spendingTxid(), new Outpoint(t.disputeTxid(), f.vout()))));
        }
        if (news instanceof News.Rejected) {
            return new MonitorEvent.JusticeFailed(head, FailureReason.REJECTED, j, Optional.empty());
        }
        if (news instanceof News.DeadlineAtRisk d) {
            PenaltyState state = d.penaltyState() == TrackerState.UNSENT ? PenaltyState.UNSENT : PenaltyState.IN_MEMPOOL;
            return new MonitorEvent.DeadlineAtRisk(head, j, d.deadlineHeight(), d.blocksLeft(), state);
        }
        News.Retracted r = (News.Retracted) news;
        return new MonitorEvent.Retracted(head, EventId.of(tower, t.user(), r.cursor()), r.cursor(), switch (r.kind()) {
            case BREACH_SEEN -> EventType.BREACH_SEEN;
            case JUSTICE_CONFIRMED -> EventType.JUSTICE_CONFIRMED;
            case JUSTICE_FAILED -> EventType.JUSTICE_FAILED;
        });
    }
}
