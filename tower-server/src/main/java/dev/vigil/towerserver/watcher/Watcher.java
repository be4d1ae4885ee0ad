package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.breachdetector.chain.ChainEvent;
import dev.vigil.breachdetector.chain.ChainListener;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.ReconcileOutcome;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerserver.api.TowerService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.UserLedger;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.monitor.ChannelWatch;
import dev.vigil.towerserver.monitor.EventBounds;
import dev.vigil.towerserver.monitor.EventLog;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.tower.TowerThread;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The tower's core (rust-teos's Watcher): accepts appointments for registered users, matches every
 * connected block against them in one batch, answers breaches through the {@link Responder}, and
 * serves the API's reads. Implements the API's {@link TowerService} and the follower's
 * {@link ChainListener}; {@link #reconciled} takes the chain monitor's outcomes (where the chain
 * stands, and whether bitcoind answers: the API refuses requests while it does not).
 *
 * <p>Threads (docs/tower-server.md): every decision runs on {@code tower}, the single thread that owns
 * the gatekeeper, the responder, the locator index, the recent-blocks cache, the tip and the
 * reachability flag, so an appointment and the block holding its breach can never race; the entry
 * points hop onto it, and the paths that change that state (a block, a request's admission, the
 * responder's every method) check it ({@link TowerThread#checkOwner}); the gatekeeper, the index and
 * the cache are reached only through them. Signature
 * recovery and receipt signing run on {@code cpu}. Storage is asynchronous; an API answer is sent
 * only after its writes are durable. Block events arrive on the follower's thread, which waits until
 * the block's effects are durable. Every write of a block (the responder's, the settlement's, the
 * answered appointments' removal, the expiries) goes into the block's one batch ({@link BatchScope}),
 * with the tip, committed once the block's work is done: all of the block or none of it. A batch that
 * fails stops the store, and the tower with it (docs/tower-server.md, "Per-block work").
 */
public final class Watcher implements TowerService, ChainListener {
    private static final System.Logger LOG = System.getLogger(Watcher.class.getName());

    /** What the watcher needs from around it. */
    public record Parts(
            TowerThread tower,
            Executor cpu,
            LightningMessageSigner signer,
            PrivateKey towerKey,
            Gatekeeper gatekeeper,
            UserLedger users,
            AppointmentBook appointments,
            BreachLookup lookup,
            WatchedLocators index,
            RecentBlocks recent,
            Responder responder,
            BatchScope batch) {
        public Parts {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(towerKey, "towerKey");
            Objects.requireNonNull(gatekeeper, "gatekeeper");
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(appointments, "appointments");
            Objects.requireNonNull(lookup, "lookup");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(recent, "recent");
            Objects.requireNonNull(responder, "responder");
            Objects.requireNonNull(batch, "batch");
        }
    }

    private final Parts p;
    /**
     * Appointments whose write is not durable yet, with the slots their latest charge holds (tower
     * thread only). A second request for the same (locator, user) before the first is stored must
     * charge the difference, not the whole blob again, and must not count the locator twice.
     */
    private final Map<AppointmentId, InFlight> inFlight = new HashMap<>();
    private final Responder responder;
    /** The block log lines; the follower's thread only. */
    private final BlockLog blockLog = new BlockLog(System::nanoTime);
    /** Told each block's processing time; the follower's thread only. */
    private final BlockObserver blocks;
    /** The monitored users' logs (tower thread). */
    private final EventLog events;
    /** The channel watches, when monitoring is on (tower thread). */
    private final Optional<ChannelWatch> watches;
    /** The block of a log that holds no user yet (its events, of which there are none, name no block). */
    private static final BlockHash NO_BLOCK = new BlockHash(Bytes.of(new byte[BlockHash.LENGTH]));

    /** A write under way; identity matters (the latest request for an id owns the entry). */
    private static final class InFlight {
        final long slots;

        InFlight(long slots) {
            this.slots = slots;
        }
    }
    /** Written on the tower thread only; volatile for {@link #tip()} and the API's pre-checks. */
    private volatile long tip;
    /** Whether the last walk reached bitcoind; written on the tower thread only, read anywhere. */
    private volatile boolean nodeReachable;
    /** The node's best height as the chain follower last saw it; written on the tower thread only. */
    private volatile long nodeBest;

    /**
     * @param tip the last block processed (the stored tip); bitcoind counts as unreachable until the
     *     first {@link #reconciled} outcome says otherwise
     */
    public Watcher(Parts parts, long tip) {
        this(parts, tip, BlockObserver.NONE);
    }

    /** @param blocks told each connected block's processing time (its contract: {@link BlockObserver}) */
    public Watcher(Parts parts, long tip, BlockObserver blocks) {
        this(parts, tip, blocks, new EventLog(new TowerId(new PublicKey(parts.signer().backend().publicKey(parts.towerKey()))), parts.tower(), parts.batch(),
                EventBounds.DEFAULT, System::currentTimeMillis, List.of(), tip, NO_BLOCK));
    }

    /**
     * @param events the monitored users' logs, the same the responder tells its news to: the watcher
     *     moves it from block to block, and it writes into the block's batch
     */
    public Watcher(Parts parts, long tip, BlockObserver blocks, EventLog events) {
        this(parts, tip, blocks, events, Optional.empty());
    }

    /**
     * @param watches the channel watches: each block's watch step runs after its breaches are answered
     *     (docs/monitoring.md 4.4), a disconnect undoes the block's spends, and users deleted at a block
     *     leave them
     */
    public Watcher(Parts parts, long tip, BlockObserver blocks, EventLog events, Optional<ChannelWatch> watches) {
        this.watches = Objects.requireNonNull(watches, "watches");
        this.p = Objects.requireNonNull(parts, "parts");
        this.responder = parts.responder();
        this.tip = tip;
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** What the tower holds now. Tower thread only (other threads hop onto it and take the value). */
    public TowerCensus census() {
        p.tower().checkOwner("counting the tower's state");
        return new TowerCensus(p.gatekeeper().userCount(), p.index().size(), responder.countByState());
    }

    /** The last block processed. Any thread. */
    public long tip() {
        return tip;
    }

    /** Whether bitcoind answered the last walk. Any thread. */
    public boolean nodeReachable() {
        return nodeReachable;
    }

    /**
     * The node's best height as the follower last saw it: the tip a finished walk reached, or, while
     * a walk connects blocks, the height it is heading for. 0 before any walk. Any thread.
     */
    public long nodeBest() {
        return nodeBest;
    }

    /**
     * The chain monitor reports the outcome of a walk (on its own thread; this hops onto the tower
     * thread and returns at once). While bitcoind is unreachable every request is refused with
     * {@code SERVICE_UNAVAILABLE}, as teos does; once it answers, appointments start at the height
     * the walk reached (on a first start the follower takes the node's tip without events).
     */
    public void reconciled(ReconcileOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        p.tower().execute(() -> {
            boolean up = outcome instanceof ReconcileOutcome.UpToDate || outcome instanceof ReconcileOutcome.Advanced;
            if (nodeReachable != up) {
                nodeReachable = up;
                if (up) {
                    LOG.log(Level.INFO, "bitcoind is reachable; accepting requests");
                } else {
                    LOG.log(Level.WARNING, "bitcoind is unreachable (" + describe(outcome) + "); the API answers 503 until it is back");
                }
            }
            if (outcome instanceof ReconcileOutcome.UpToDate u) {
                tip = u.tip().height();
                nodeBest = u.tip().height();
            } else if (outcome instanceof ReconcileOutcome.Advanced a) {
                tip = a.tip().height();
                nodeBest = a.tip().height();
            }
        });
    }

    private static String describe(ReconcileOutcome outcome) {
        if (outcome instanceof ReconcileOutcome.SourceUnavailable u) {
            return u.reason();
        }
        if (outcome instanceof ReconcileOutcome.TipUnknownToNode t) {
            return "it does not know the stored tip " + t.tip().hash() + " at height " + t.tip().height();
        }
        return outcome.toString();
    }

    // ------------------------------------------------------------------ API

    @Override
    public CompletionStage<RegisterOutcome> register(UserId user) {
        if (!nodeReachable) {
            return done(new Unavailable());
        }
        return CompletableFuture.supplyAsync(() -> p.gatekeeper().register(user, tip), p.tower()).thenCompose(r -> {
            if (r instanceof Gatekeeper.Registration.SlotsExhausted) {
                return done(new SlotsExhausted());
            }
            Gatekeeper.Registration.Registered reg = (Gatekeeper.Registration.Registered) r;
            return p.users().putUser(reg.user())
                    .whenCompleteAsync((v, e) -> {
                        if (e != null) {
                            p.gatekeeper().restore(user, Optional.ofNullable(reg.previous()));
                        }
                    }, p.tower())
                    .thenApplyAsync(v -> {
                        UserRecord u = reg.user();
                        RegistrationReceipt receipt = new RegistrationReceipt(u.id(), u.availableSlots(), u.subscriptionStart(), u.subscriptionExpiry());
                        String sig = p.signer().sign(receipt.serialize(), p.towerKey());
                        return (RegisterOutcome) new Registered(new Messages.RegisterResponse(receipt, sig));
                    }, p.cpu());
        });
    }

    @Override
    public CompletionStage<AddOutcome> addAppointment(Messages.AddAppointmentRequest request) {
        Appointment a = request.appointment();
        return authenticated(UserRequests.addAppointment(a), request.signature(), r -> r, id -> {
            if (!p.index().mayContain(a.locator()) && !inFlight.containsKey(AppointmentId.of(a.locator(), id))) {
                // Nobody watches this locator: there is no previous appointment to read (the
                // usual case, a new revoked state), so the store is asked only to write.
                return store(id, a, request.signature(), Optional.empty());
            }
            return p.appointments().findAppointment(a.locator(), id)
                    .thenComposeAsync(previous -> store(id, a, request.signature(), previous), p.tower());
        });
    }

    /**
     * What every authenticated request goes through: refused while bitcoind is unreachable, the user
     * recovered from the signature on the CPU pool, refused if unknown or expired (on the tower
     * thread); then {@code admitted} runs on the tower thread with the user.
     */
    private <T> CompletionStage<T> authenticated(byte[] message, String signature, Function<Refusal, T> refused,
            Function<UserId, CompletionStage<T>> admitted) {
        if (!nodeReachable) {
            return done(refused.apply(new Unavailable()));
        }
        return recover(message, signature).thenCompose(user -> {
            if (user.isEmpty()) {
                return done(refused.apply(new UnknownUser()));
            }
            UserId id = user.get();
            return CompletableFuture.supplyAsync(() -> {
                Optional<Refusal> refusal = admit(id);
                return refusal.isPresent() ? done(refused.apply(refusal.get())) : admitted.apply(id);
            }, p.tower()).thenCompose(stage -> stage);
        });
    }

    /** On the tower thread: the refusal every authenticated request gets from an unknown or expired user. */
    private Optional<Refusal> admit(UserId user) {
        p.tower().checkOwner("admitting a request");
        Gatekeeper.Access access = p.gatekeeper().access(user, tip);
        if (access instanceof Gatekeeper.Access.Unknown) {
            return Optional.of(new UnknownUser());
        }
        if (access instanceof Gatekeeper.Access.Expired e) {
            return Optional.of(new SubscriptionExpired(e.user().subscriptionExpiry()));
        }
        return Optional.empty();
    }

    /** On the tower thread: charge, trigger at once if the breach is recent, else store and watch. */
    private CompletionStage<AddOutcome> store(UserId user, Appointment a, String signature, Optional<StoredAppointment> previous) {
        Optional<Refusal> refusal = admit(user);
        if (refusal.isPresent()) {
            return done(refusal.get());
        }
        AppointmentId id = AppointmentId.of(a.locator(), user);
        if (responder.tracker(id).isPresent()) {
            return done(new AlreadyTriggered());
        }
        InFlight pending = inFlight.get(id);
        long previousSlots = pending != null ? pending.slots : previous.map(StoredAppointment::slots).orElse(0L);
        boolean alreadyIndexed = pending != null || previous.isPresent();
        Gatekeeper.Charge charge = p.gatekeeper().charge(user, a.encryptedBlob().length(), previousSlots);
        if (charge instanceof Gatekeeper.Charge.NotEnoughSlots) {
            return done(new NotEnoughSlots());
        }
        Gatekeeper.Charge.Charged charged = (Gatekeeper.Charge.Charged) charge;
        long startBlock = tip;
        StoredAppointment stored = new StoredAppointment(user, a, signature, startBlock, charged.slots());

        CompletionStage<Void> durable;
        boolean indexedHere = false;
        Optional<RecentBlocks.RecentTransaction> recent = p.recent().find(a.locator().value());
        BreachInspection.Verdict verdict = recent.map(r -> BreachInspection.inspect(new Txid(r.txid().internalOrder()), a.encryptedBlob()))
                .orElse(new BreachInspection.Verdict.NotThisDispute("no recent transaction with this locator"));
        if (verdict instanceof BreachInspection.Verdict.Breach b) {
            // The breach was mined before the appointment arrived (teos keeps 6 blocks for this).
            LOG.log(Level.INFO, "appointment " + id + " arrived after its breach " + b.disputeTxid() + ": answering at once");
            Tracker t = newTracker(stored, b, recent.get().height(), recent.get().transaction().raw());
            durable = p.batch().within(() -> {
                p.batch().putUser(charged.user());
                responder.handleBreach(t);
            });
        } else if (verdict instanceof BreachInspection.Verdict.InvalidPenalty inv) {
            LOG.log(Level.WARNING, "appointment " + id + " matches recent transaction " + recent.get().txid() + " but " + inv.reason());
            durable = p.users().putUser(charged.user());
        } else {
            if (!alreadyIndexed) {
                p.index().add(a.locator()); // before the commit: a block processed meanwhile must see it
                indexedHere = true;
            }
            durable = p.appointments().putAppointment(stored, charged.user());
        }
        InFlight mine = new InFlight(charged.slots());
        inFlight.put(id, mine);
        boolean unindexOnFailure = indexedHere;
        return durable.whenCompleteAsync((v, e) -> {
            if (inFlight.get(id) == mine) {
                inFlight.remove(id);
            }
            if (e != null) {
                p.gatekeeper().undoCharge(user, charged, previousSlots);
                if (unindexOnFailure && !inFlight.containsKey(id)) {
                    // Only when no later request for this appointment relies on the count.
                    p.index().remove(a.locator());
                }
            }
        }, p.tower()).thenApplyAsync(v -> {
            String towerSig = p.signer().sign(new AppointmentReceipt(signature, startBlock).serialize(), p.towerKey());
            UserRecord u = charged.user();
            return (AddOutcome) new Accepted(new Messages.AddAppointmentResponse(a.locator(), startBlock, towerSig,
                    u.availableSlots(), u.subscriptionExpiry()));
        }, p.cpu());
    }

    @Override
    public CompletionStage<GetOutcome> getAppointment(Messages.GetAppointmentRequest request) {
        Locator locator = request.locator();
        return authenticated(UserRequests.getAppointment(locator), request.signature(), r -> r, id -> {
            Optional<Tracker> answered = responder.tracker(AppointmentId.of(locator, id));
            if (answered.isPresent()) {
                Tracker t = answered.get();
                return done(new Found(new Messages.GetAppointmentResponse.DisputeResponded(t.disputeTxid(), t.penaltyTxid(), t.penaltyTx())));
            }
            return p.appointments().findAppointment(locator, id).thenApply(found -> found
                    .<GetOutcome>map(s -> new Found(new Messages.GetAppointmentResponse.BeingWatched(s.appointment())))
                    .orElse(new NotFound()));
        });
    }

    @Override
    public CompletionStage<SubscriptionOutcome> getSubscriptionInfo(Messages.GetSubscriptionInfoRequest request) {
        return authenticated(UserRequests.getSubscriptionInfo(), request.signature(), r -> r,
                id -> p.appointments().locatorsOf(id).thenApplyAsync(locators -> {
                    // Read the user on the tower thread, after the locators: its slots are current.
                    Optional<UserRecord> u = p.gatekeeper().user(id);
                    if (u.isEmpty()) {
                        return new UnknownUser(); // expired and deleted meanwhile
                    }
                    List<Locator> all = new ArrayList<>(locators);
                    all.addAll(responder.locatorsOf(id));
                    return (SubscriptionOutcome) new Subscription(
                            new Messages.GetSubscriptionInfoResponse(u.get().availableSlots(), u.get().subscriptionExpiry(), all));
                }, p.tower()));
    }

    private CompletionStage<Optional<UserId>> recover(byte[] message, String signature) {
        return CompletableFuture.supplyAsync(() -> p.signer().recover(message, signature).map(UserId::new), p.cpu());
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    // ------------------------------------------------------------------ chain

    /**
     * On the follower's thread: processes the event on the tower thread and waits until its effects
     * are durable (ChainListener contract: an exception makes the follower deliver it again). Then,
     * still on the follower's thread (never on the tower thread), the block's log line
     * ({@link BlockLog}); its milliseconds run from this call, with the parsed block in hand, to its
     * effects being durable.
     */
    @Override
    public void onEvent(ChainEvent event) {
        long start = System.nanoTime();
        CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> {
            if (event instanceof ChainEvent.BlockConnected c) {
                nodeBest = Math.max(nodeBest, (long) c.height() + c.remaining());
            }
            return process(event);
        }, p.tower())
                .thenCompose(stage -> stage).toCompletableFuture();
        int breaches;
        try {
            breaches = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while processing " + event, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("processing block " + event.height() + " failed; it is delivered again (after a failed commit, only once the tower has restarted)", e.getCause());
        }
        if (event instanceof ChainEvent.BlockConnected c) {
            long took = System.nanoTime() - start;
            blockLog.connected(c.height(), c.blockHash(), c.block().transactionCount(), breaches, took, c.remaining());
            blocks.blockProcessed(c.height(), c.block().transactionCount(), breaches, took);
        } else {
            blockLog.disconnected(event.height(), event.blockHash());
        }
    }

    /**
     * On the tower thread; the stage yields the number of breaches the block revealed. The block's
     * batch is open from here until its commit; work that fails before then drops it, and the store
     * stops as for a failed commit.
     */
    private CompletionStage<Integer> process(ChainEvent event) {
        p.tower().checkOwner("processing a block");
        p.batch().open();
        CompletionStage<Integer> done;
        try {
            if (event instanceof ChainEvent.BlockConnected c) {
                done = connected(c.block(), c.height());
            } else {
                ChainEvent.BlockDisconnected d = (ChainEvent.BlockDisconnected) event;
                p.recent().disconnected(d.blockHash());
                tip = d.height() - 1;
                // Retractions name the block leaving; what comes after belongs to the new tip.
                events.at(d.height(), blockHash(d.blockHash()));
                responder.blockDisconnected(d.height());
                watches.ifPresent(w -> w.blockDisconnected(d.height()));
                events.at(d.height() - 1, blockHash(d.previous()));
                done = p.batch().commit(Optional.of(new ChainTip(d.previous(), d.height() - 1))).thenApply(v -> 0);
            }
        } catch (RuntimeException | Error e) {
            p.batch().abandon(e);
            throw e;
        }
        return done.whenCompleteAsync((v, e) -> {
            if (e != null && p.batch().isOpen()) {
                p.batch().abandon(e);
            }
        }, p.tower());
    }

    /** On the tower thread, with the block's batch open; the stage yields the number of breaches answered. */
    private CompletionStage<Integer> connected(Block block, int height) {
        tip = height;
        events.at(height, blockHash(block.hash()));
        LocatorBatch batch = block.locators();
        int[] hits = p.index().candidates(batch);
        Set<Txid> txids = new HashSet<>();
        for (int i = 0; responder.size() > 0 && i < block.transactionCount(); i++) {
            txids.add(new Txid(block.txid(i).internalOrder())); // only trackers need them
        }
        // The lookup of the breaches this block reveals goes to the store first, ahead of the block's
        // commit, so it completes without waiting for one. Then the existing trackers (confirmations,
        // retries): their transitions happen now, on this thread, before the lookup's continuation
        // can run here, so a tracker created for this block is not also advanced by it. Every write
        // goes into the block's batch; the block is done when that batch is durable.
        Map<Locator, Integer> positions = new HashMap<>();
        for (int i : hits) {
            positions.put(new Locator(batch.get(i)), i);
        }
        CompletionStage<List<StoredAppointment>> lookup = hits.length == 0 ? done(List.of()) : p.lookup().findByLocators(positions.keySet());
        responder.blockConnected(height, txids);
        // For appointments that arrive after their breach; off the breach's path, still before any
        // request can run on this thread.
        p.recent().connected(block, height);
        return lookup.thenComposeAsync(found -> {
            List<StoredAppointment> answered = new ArrayList<>();
            int breaches = answerBreaches(block, height, positions, found, answered);
            // 4.4: the watch step only once every penalty of the block is with the carrier.
            CompletionStage<Integer> spent = watches.map(w -> w.blockConnected(block, height)).orElse(done(0));
            return spent.thenCompose(n -> finish(new ChainTip(block.hash(), height), answered)).thenApply(v -> breaches);
        }, p.tower());
    }

    /**
     * On the tower thread: inspects what the lookup found ({@code positions}: locator → index in the
     * block), answers the breaches and retires their appointments, in the block's batch; adds the
     * retired ones to {@code answered}; returns how many breaches it answered.
     */
    private int answerBreaches(Block block, int height, Map<Locator, Integer> positions, List<StoredAppointment> found,
            List<StoredAppointment> answered) {
        List<Tracker> breaches = new ArrayList<>();
        for (StoredAppointment s : found) {
            int i = positions.get(s.appointment().locator());
            Txid txid = new Txid(block.txid(i).internalOrder());
            BreachInspection.Verdict v = BreachInspection.inspect(txid, s.appointment().encryptedBlob());
            if (v instanceof BreachInspection.Verdict.Breach b) {
                breaches.add(newTracker(s, b, height, block.rawTransaction(i)));
                answered.add(s);
            } else if (v instanceof BreachInspection.Verdict.InvalidPenalty inv) {
                LOG.log(Level.WARNING, "appointment " + s.id() + " of " + s.user() + " matched " + txid + " but " + inv.reason()
                        + "; dropped");
                answered.add(s);
            }
        }
        // Every penalty is sent before any tracker write is added (Responder.handleBreaches), which
        // also logs each breach (a WARNING with its txids) once the block is durable.
        if (!breaches.isEmpty()) {
            responder.handleBreaches(breaches);
        }
        if (!answered.isEmpty()) {
            p.batch().removeAppointments(answered);
        }
        return breaches.size();
    }

    /**
     * On the tower thread, the block's last step: the subscriptions that end here, then the block's
     * commit, with its tip. The index forgets the retired appointments once the commit is durable.
     */
    private CompletionStage<Void> finish(ChainTip blockTip, List<StoredAppointment> answered) {
        List<UserId> expired = p.gatekeeper().expireAt(blockTip.height());
        // Read before the batch is submitted, so they see the expired users' appointments still stored.
        List<CompletableFuture<List<Locator>>> lookups = expired.stream()
                .map(u -> p.appointments().locatorsOf(u).toCompletableFuture()).toList();
        if (!expired.isEmpty()) {
            LOG.log(Level.INFO, expired.size() + " subscription(s) ended at height " + blockTip.height() + "; deleting their appointments");
            p.batch().deleteUsers(expired);
            events.forget(expired);
            // Its read of the users' watch keys is queued now, ahead of the commit that deletes them.
            watches.ifPresent(w -> w.forget(expired));
        }
        events.blockConnected(blockTip.height());
        CompletionStage<Void> durable = p.batch().commit(Optional.of(blockTip));
        if (answered.isEmpty() && expired.isEmpty()) {
            return durable;
        }
        return durable.thenCompose(v -> CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)))
                .thenRunAsync(() -> {
                    answered.forEach(s -> p.index().remove(s.appointment().locator()));
                    lookups.forEach(l -> l.join().forEach(p.index()::remove));
                }, p.tower());
    }

    private static BlockHash blockHash(Hash256 h) {
        return new BlockHash(h.internalOrder());
    }

    private static Tracker newTracker(StoredAppointment s, BreachInspection.Verdict.Breach b, long disputeHeight, Bytes disputeTx) {
        return new Tracker(s.id(), s.user(), s.appointment().locator(), s.slots(), b.disputeTxid(), disputeTx,
                b.penaltyTxid(), b.penaltyTx(), disputeHeight, new Tracker.Status.Unsent(disputeHeight, "new"),
                s.appointment().toSelfDelay(), false, Tracker.Announced.NONE);
    }
}
