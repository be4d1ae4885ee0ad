package dev.vigil.towerserver.responder;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The shell around {@link TrackerMachine}: keeps the trackers, feeds them events, and executes their
 * actions (store writes through {@link TrackerLedger}, broadcasts through the {@link Carrier},
 * forgetting, with its refund, through the {@link TrackerSettlement}, log lines). Carrier answers come back as events on
 * {@code owner}, the tower thread.
 *
 * <p>Not thread-safe: every method runs on the tower thread, and checks it. Methods that write return a stage that
 * completes once every write they caused is durable, so block processing can finish (and the chain
 * tip advance) only after the responder's state is safe.
 */
public final class Responder {
    private static final System.Logger LOG = System.getLogger(Responder.class.getName());

    private final TrackerMachine machine;
    private final TrackerLedger ledger;
    private final Carrier carrier;
    private final TowerThread owner;
    private final TrackerSettlement settlement;
    private final Map<AppointmentId, Tracker> trackers = new HashMap<>();
    private final TrackerObserver observer;
    private long tip;

    /**
     * @param settlement removes every forgotten tracker durably, with its refund if due (on the tower thread)
     */
    public Responder(TrackerMachine machine, TrackerLedger ledger, Carrier carrier, TowerThread owner,
            TrackerSettlement settlement, Collection<Tracker> loaded, long tip) {
        this(machine, ledger, carrier, owner, settlement, loaded, tip, TrackerObserver.NONE);
    }

    /** @param observer told every tracker change (its contract: {@link TrackerObserver}) */
    public Responder(TrackerMachine machine, TrackerLedger ledger, Carrier carrier, TowerThread owner,
            TrackerSettlement settlement, Collection<Tracker> loaded, long tip, TrackerObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
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
     * of their trackers' writes is queued, so the store's commit (CPU and an fsync on a 2-core
     * machine) does not hold the later penalties back. The writes are queued before this returns,
     * in order, and so before any carrier answer can be applied (answers hop onto this thread); the
     * stage completes once all of them are durable. The batch's log lines wait for those writes too:
     * tens of microseconds each on this thread, they would take a core from the carrier's pool while
     * it still sends the block's later penalties.
     */
    public CompletionStage<Void> handleBreaches(List<Tracker> breaches) {
        owner.checkOwner("taking over a breach");
        List<Supplier<CompletionStage<Void>>> writes = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (Tracker tracker : breaches) {
            Tracker known = trackers.get(tracker.id());
            if (known != null) {
                // The block is being replayed (a crash, or a failed write): make sure the state is stored.
                writes.add(() -> ledger.putTracker(known));
            } else {
                transition(tracker, new TrackerEvent.Triggered(tip), writes, reports);
            }
        }
        CompletionStage<Void> durable = finish(writes, List.of());
        if (!reports.isEmpty()) {
            durable.whenCompleteAsync((v, e) -> log(reports), owner);
        }
        return durable;
    }

    /** A block joined the chain: confirmations, rebroadcasts, retries. */
    public CompletionStage<Void> blockConnected(long height, Set<Txid> txids) {
        owner.checkOwner("a connected block");
        tip = height;
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (Tracker t : List.copyOf(trackers.values())) {
            writes.add(apply(t, new TrackerEvent.BlockConnected(height, txids.contains(t.disputeTxid()), txids.contains(t.penaltyTxid()))));
        }
        return all(writes);
    }

    /** A block left the chain (reorg): what it held is known from the heights the trackers recorded. */
    public CompletionStage<Void> blockDisconnected(long height) {
        owner.checkOwner("a disconnected block");
        tip = height - 1;
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (Tracker t : List.copyOf(trackers.values())) {
            boolean hadPenalty = t.status() instanceof Tracker.Status.Confirmed c && c.height() == height;
            writes.add(apply(t, new TrackerEvent.BlockDisconnected(height, t.disputeHeight() == height, hadPenalty)));
        }
        return all(writes);
    }

    private void answered(AppointmentId id, Which which, BroadcastOutcome outcome) {
        Tracker t = trackers.get(id);
        if (t != null) {
            apply(t, new TrackerEvent.Answered(which, outcome, tip));
        }
    }

    private CompletionStage<Void> apply(Tracker t, TrackerEvent event) {
        owner.checkOwner("changing a tracker");
        List<Supplier<CompletionStage<Void>>> writes = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        transition(t, event, writes, reports);
        return finish(writes, reports);
    }

    /**
     * Queues the writes in order, then logs (a log line costs tens of microseconds, so it comes after
     * the sends are on their way); the stage completes once every write is durable.
     */
    private CompletionStage<Void> finish(List<Supplier<CompletionStage<Void>>> writes, List<Report> reports) {
        List<CompletionStage<Void>> queued = new ArrayList<>(writes.size());
        writes.forEach(w -> queued.add(w.get()));
        log(reports);
        return all(queued);
    }

    private static void log(List<Report> reports) {
        reports.forEach(r -> LOG.log(level(r.severity()), r.message()));
    }

    /**
     * Moves the tracker and sends at once what the transition sends; its writes and reports are added
     * to the lists, for {@link #finish} to queue and log once every send of the batch is asked for.
     */
    private void transition(Tracker t, TrackerEvent event, List<Supplier<CompletionStage<Void>>> writes, List<Report> reports) {
        Transition tr = machine.apply(t, event);
        Optional<Tracker> before = Optional.ofNullable(trackers.get(t.id()));
        tr.next().ifPresentOrElse(n -> trackers.put(n.id(), n), () -> trackers.remove(t.id()));
        observer.changed(before, tr.next());
        for (TrackerAction a : tr.actions()) {
            if (a instanceof Persist p) {
                writes.add(() -> ledger.putTracker(p.tracker()));
            } else if (a instanceof Forget f) {
                // A failed forget leaves the tracker stored (settlement contract): put it back as it
                // was, before the stage fails, so that the block delivered again forgets it again.
                writes.add(() -> settlement.forget(f.tracker(), f.refund()).handleAsync((v, e) -> {
                    if (e != null) {
                        trackers.putIfAbsent(t.id(), t);
                        throw e instanceof CompletionException c ? c : new CompletionException(e);
                    }
                    return v;
                }, owner));
            } else if (a instanceof Send s) {
                Tracker now = trackers.get(t.id());
                if (now != null) {
                    // Sent at once, not after the state's write is durable: the write is queued
                    // before this task ends, so before the answer (which hops onto this thread) can
                    // change the tracker again, and the store applies writes in order; a crash before
                    // it is durable replays the block, whose tip is stored only after every write of
                    // it, and with it this send: bitcoind answers a transaction it already has as
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
            } else if (a instanceof Report r) {
                reports.add(r);
            }
        }
    }

    private static Level level(TrackerAction.Severity s) {
        return switch (s) {
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.ERROR;
        };
    }

    private static CompletionStage<Void> all(List<CompletionStage<Void>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new));
    }
}
