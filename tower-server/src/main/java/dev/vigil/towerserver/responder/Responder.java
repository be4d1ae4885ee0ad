package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.responder.TrackerAction.Announce;
import dev.vigil.towerserver.responder.TrackerAction.Forget;
import dev.vigil.towerserver.responder.TrackerAction.Persist;
import dev.vigil.towerserver.responder.TrackerAction.Report;
import dev.vigil.towerserver.responder.TrackerAction.Send;
import dev.vigil.towerserver.responder.TrackerEvent.Which;
import dev.vigil.towerserver.tower.TowerThread;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The shell around {@link TrackerMachine}: keeps the trackers, feeds them events, and executes their
 * actions (store writes through {@link TrackerWrites} into the open batch, broadcasts through the
 * {@link Carrier}, forgetting, with its refund, through the {@link TrackerSettlement}, log lines).
 * Carrier answers come back as events on {@code owner}, the tower thread, each in its own
 * {@link WriteScope#within} (so in the block's batch while a block is being processed).
 *
 * <p>Not thread-safe: every method runs on the tower thread, and checks it. Methods that write return
 * a stage that completes once the batch their writes joined is durable: during a block, the block's one
 * commit, which the watcher submits when the block's work is done (so a caller on the block path must
 * not wait for it before that).
 */
public final class Responder {
    private static final System.Logger LOG = System.getLogger(Responder.class.getName());

    private final TrackerMachine machine;
    private final TrackerWrites writes;
    private final WriteScope scope;
    private final Carrier carrier;
    private final TowerThread owner;
    private final TrackerSettlement settlement;
    private final Map<AppointmentId, Tracker> trackers = new HashMap<>();
    private final TrackerObserver observer;
    private final TrackerNews news;
    private long tip;

    /**
     * @param writes where tracker writes go (the open batch)
     * @param scope opens a batch for writes outside a block, or joins the block's
     * @param settlement removes every forgotten tracker, with its refund if due, in the same batch (on the tower thread)
     */
    public Responder(TrackerMachine machine, TrackerWrites writes, WriteScope scope, Carrier carrier, TowerThread owner,
            TrackerSettlement settlement, Collection<Tracker> loaded, long tip) {
        this(machine, writes, scope, carrier, owner, settlement, loaded, tip, TrackerObserver.NONE);
    }

    /** @param observer told every tracker change (its contract: {@link TrackerObserver}) */
    public Responder(TrackerMachine machine, TrackerWrites writes, WriteScope scope, Carrier carrier, TowerThread owner,
            TrackerSettlement settlement, Collection<Tracker> loaded, long tip, TrackerObserver observer) {
        this(machine, writes, scope, carrier, owner, settlement, loaded, tip, observer, TrackerNews.NONE);
    }

    /** @param news told what the users' monitoring logs must hear (its contract: {@link TrackerNews}) */
    public Responder(TrackerMachine machine, TrackerWrites writes, WriteScope scope, Carrier carrier, TowerThread owner,
            TrackerSettlement settlement, Collection<Tracker> loaded, long tip, TrackerObserver observer, TrackerNews news) {
        this.news = Objects.requireNonNull(news, "news");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.carrier = Objects.requireNonNull(carrier, "carrier");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.settlement = Objects.requireNonNull(settlement, "settlement");
        loaded.forEach(t -> trackers.put(t.id(), t));
        this.tip = tip;
    }

    public Optional<Tracker> tracker(AppointmentId id) {
        owner.checkOwner("reading a tracker");
        return Optional.ofNullable(trackers.get(id));
    }

    /** Every tracker, in appointment id order (the admin listing). */
    public List<Tracker> all() {
        owner.checkOwner("listing trackers");
        return trackers.values().stream().sorted(java.util.Comparator.comparing(t -> t.id().value())).toList();
    }

    public int size() {
        owner.checkOwner("counting trackers");
        return trackers.size();
    }

    /** How many trackers are in each state (every state present, zeros included). */
    public Map<TrackerState, Integer> countByState() {
        owner.checkOwner("counting trackers");
        Map<TrackerState, Integer> counts = new EnumMap<>(TrackerState.class);
        for (TrackerState s : TrackerState.values()) {
            counts.put(s, 0);
        }
        trackers.values().forEach(t -> counts.merge(TrackerState.of(t.status()), 1, Integer::sum));
        return counts;
    }

    /** The locators of the user's trackers (breaches being answered). */
    public List<Locator> locatorsOf(UserId user) {
        owner.checkOwner("reading trackers");
        List<Locator> out = new ArrayList<>();
        trackers.values().forEach(t -> {
            if (t.user().equals(user)) {
                out.add(t.locator());
            }
        });
        return out;
    }

    /** Takes over a breach the watcher found: sends the penalty and persists the tracker. */
    public CompletionStage<Void> handleBreach(Tracker tracker) {
        return handleBreaches(List.of(tracker));
    }

    /**
     * Takes over the breaches one block revealed: every penalty is handed to the carrier before any
     * of their trackers' writes is added to the batch, so that nothing else of the block's work holds
     * the later penalties back. The writes join the open batch (the block's) in order, before any
     * carrier answer can be applied (answers hop onto this thread); the stage completes once that batch
     * is durable. The batch's log lines wait for it too: tens of microseconds each on this thread, they
     * would take a core from the carrier's pool while it still sends the block's later penalties.
     */
    public CompletionStage<Void> handleBreaches(List<Tracker> breaches) {
        owner.checkOwner("taking over a breach");
        List<Report> reports = new ArrayList<>();
        CompletionStage<Void> durable = scope.within(() -> {
            List<Runnable> queued = new ArrayList<>();
            for (Tracker tracker : breaches) {
                Tracker known = trackers.get(tracker.id());
                if (known != null) {
                    // The block is being replayed (after a restart): make sure the state is stored.
                    queued.add(() -> writes.putTracker(known));
                } else {
                    transition(tracker, new TrackerEvent.Triggered(tip), queued, reports);
                }
            }
            queued.forEach(Runnable::run);
        });
        if (!reports.isEmpty()) {
            durable.whenCompleteAsync((v, e) -> log(reports), owner);
        }
        return durable;
    }

    /** A block joined the chain: confirmations, rebroadcasts, retries. */
    public CompletionStage<Void> blockConnected(long height, Set<Txid> txids) {
        owner.checkOwner("a connected block");
        tip = height;
        return scope.within(() -> {
            for (Tracker t : List.copyOf(trackers.values())) {
                apply(t, new TrackerEvent.BlockConnected(height, txids.contains(t.disputeTxid()), txids.contains(t.penaltyTxid())));
            }
        });
    }

    /** A block left the chain (reorg): what it held is known from the heights the trackers recorded. */
    public CompletionStage<Void> blockDisconnected(long height) {
        owner.checkOwner("a disconnected block");
        tip = height - 1;
        return scope.within(() -> {
            for (Tracker t : List.copyOf(trackers.values())) {
                boolean hadPenalty = t.status() instanceof Tracker.Status.Confirmed c && c.height() == height;
                apply(t, new TrackerEvent.BlockDisconnected(height, t.disputeHeight() == height, hadPenalty));
            }
        });
    }

    private void answered(AppointmentId id, Which which, BroadcastOutcome outcome) {
        Tracker t = trackers.get(id);
        if (t != null) {
            scope.within(() -> apply(t, new TrackerEvent.Answered(which, outcome, tip))).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(Level.WARNING, "the answer to " + which + " of " + id + " was not stored: " + e);
                }
            });
        }
    }

    /** Inside a batch: moves the tracker, sends, writes and logs. */
    private void apply(Tracker t, TrackerEvent event) {
        owner.checkOwner("changing a tracker");
        List<Runnable> queued = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        transition(t, event, queued, reports);
        // The writes after the sends; a log line costs tens of microseconds, so it comes after both.
        queued.forEach(Runnable::run);
        log(reports);
    }

    private static void log(List<Report> reports) {
        reports.forEach(r -> LOG.log(level(r.severity()), r.message()));
    }

    /**
     * Moves the tracker and sends at once what the transition sends; its writes and reports are added
     * to the lists, for {@link #finish} to queue and log once every send of the batch is asked for.
     */
    private void transition(Tracker t, TrackerEvent event, List<Runnable> queued, List<Report> reports) {
        Transition tr = machine.apply(t, event);
        Optional<Tracker> before = Optional.ofNullable(trackers.get(t.id()));
        tr.next().ifPresentOrElse(n -> trackers.put(n.id(), n), () -> trackers.remove(t.id()));
        observer.changed(before, tr.next());
        for (TrackerAction a : tr.actions()) {
            if (a instanceof Persist p) {
                queued.add(() -> writes.putTracker(p.tracker()));
            } else if (a instanceof Forget f) {
                // In the same batch as the block's other writes: a batch that fails stops the tower,
                // and the restart resumes the stored tracker and forgets it again.
                queued.add(() -> settlement.forget(f.tracker(), f.refund()));
            } else if (a instanceof Send s) {
                Tracker now = trackers.get(t.id());
                if (now != null) {
                    // Sent at once, not after the state's write is durable: the write joins the open
                    // batch before this task ends, so before the answer (which hops onto this thread
                    // and joins the same batch, or a later one) can change the tracker again; a crash
                    // before the batch is durable replays the block, whose tip is in that same batch,
                    // and with it this send: bitcoind answers a transaction it already has as
                    // accepted. Waiting would hold every justice transaction back by a commit.
                    carrier.broadcast(s.which() == Which.DISPUTE ? now.disputeTx() : now.penaltyTx())
                            .whenCompleteAsync((outcome, failure) -> {
                                if (failure != null) {
                                    LOG.log(Level.WARNING, "could not send " + s.which() + " of " + now.id() + ": " + failure);
                                } else {
                                    answered(now.id(), s.which(), outcome);
                                }
                            }, owner);
                }
            } else if (a instanceof Announce an) {
                Tracker about = tr.next().orElse(t);
                queued.add(() -> announce(about, an.news()));
            } else if (a instanceof Report r) {
                reports.add(r);
            }
        }
    }

    /**
     * Tells the user's log (in the open batch, after the transition's writes); a retractable news'
     * cursor goes into the tracker, written again in the same batch, so a reorg can name it.
     */
    private void announce(Tracker about, TrackerNews.News n) {
        long cursor = news.announce(about, n);
        Tracker now = trackers.get(about.id());
        if (cursor == 0 || now == null) {
            return;
        }
        Tracker.Announced a = now.announced();
        Tracker.Announced updated;
        if (n instanceof TrackerNews.News.BreachSeen) {
            updated = a.withBreachSeen(cursor);
        } else if (n instanceof TrackerNews.News.Confirmed) {
            updated = a.withJusticeConfirmed(cursor);
        } else if (n instanceof TrackerNews.News.InputsSpent) {
            updated = a.withJusticeFailed(cursor);
        } else {
            return;
        }
        Tracker next = now.withAnnounced(updated);
        trackers.put(next.id(), next);
        writes.putTracker(next);
    }

    private static Level level(TrackerAction.Severity s) {
        return switch (s) {
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.ERROR;
        };
    }
}
