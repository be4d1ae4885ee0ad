package dev.vigil.towerserver.monitor;

import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.Watch;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveResponse;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerprotocol.monitor.WatchReceipt;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerserver.api.EventService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.WriteScope;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The monitoring routes' side of the tower (docs/monitoring.md 5): authenticates each request as 5.1
 * says, enrolls the user's log at its first signed request, reads the log for pulls, and registers
 * and removes channel watches through {@link ChannelWatch}.
 *
 * <p>Threads: the signature is recovered on {@code cpu}; the user is checked and enrolled on the tower
 * thread (the gatekeeper and the log are its state); the log is read on the store's thread
 * ({@link EventReader}); the page's events are signed back on {@code cpu}. Nothing here blocks.
 */
public final class MonitorService implements EventService {
    /** How far below the tip a request's height may be (5.1): about an hour of blocks. */
    static final long HEIGHT_BEHIND = 6;
    /** How far above the tip (the wallet saw a block the tower has not processed yet). */
    static final long HEIGHT_AHEAD = 1;
    /** Signatures kept for redelivery (2.6). */
    static final int SIGNATURE_CACHE = 10_000;

    /** What the service needs from around it. */
    public record Parts(TowerId tower, TowerThread owner, Executor cpu, LightningMessageSigner signer, PrivateKey towerKey,
            Gatekeeper gatekeeper, EventLog log, WriteScope scope, EventReader reader, LongSupplier tip,
            ChannelWatch watches, WatchLookup watchLookup, BooleanSupplier nodeReachable) {
        public Parts {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(cpu, "cpu");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(towerKey, "towerKey");
            Objects.requireNonNull(gatekeeper, "gatekeeper");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(tip, "tip");
            Objects.requireNonNull(watches, "watches");
            Objects.requireNonNull(watchLookup, "watchLookup");
            Objects.requireNonNull(nodeReachable, "nodeReachable");
        }
    }

    /**
     * The operator's choices that the routes show or apply ({@code monitor.*}).
     *
     * @param denied users whose monitoring is turned off (code 120), by their ids in lowercase hex
     */
    public record Settings(Set<String> denied, long maxWatchesPerUser, long eventsMaxPerUser, long streamHeartbeatS,
            boolean webhooks) {
        public Settings {
            denied = Set.copyOf(denied);
        }
    }

    private final Parts p;
    private final Settings settings;
    private final EventSignatures signatures;

    public MonitorService(Parts parts, Settings settings) {
        this.p = Objects.requireNonNull(parts, "parts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signatures = new EventSignatures(new EventSignature(parts.signer()), parts.towerKey(), SIGNATURE_CACHE);
    }

    @Override
    public InfoResponse info() {
        return new InfoResponse(p.tower(), p.tip().getAsLong(), MonitorEvent.VERSION, 1, settings.maxWatchesPerUser(),
                settings.eventsMaxPerUser(), settings.streamHeartbeatS(), settings.webhooks());
    }

    @Override
    public CompletionStage<EventsOutcome> events(EventsRequest request) {
        return authenticated(request.message(p.tower()), request.signature(), request.height(), false, r -> r, user ->
                p.reader().eventsAfter(user, request.after(), request.limit())
                        .thenApplyAsync(slice -> page(user, request.after(), slice), p.cpu()));
    }

    @Override
    public CompletionStage<WatchAddOutcome> watchAdd(WatchAddRequest request) {
        Watch w = request.watch();
        Optional<Outpoint> outpoint = w instanceof Watch.ByOutpoint o ? Optional.of(o.outpoint()) : Optional.empty();
        return authenticated(request.message(p.tower()), request.signature(), request.height(), true, r -> r, user -> {
            WatchRef ref = new WatchRef(user, w.kind(), w.id());
            // Read after every earlier write of this watch is committed (the store runs in order), then
            // decided on the tower thread: a repeated registration is recognised and charged once.
            return p.watchLookup().findWatch(ref).thenComposeAsync(existing -> {
                long start = p.tip().getAsLong();
                ChannelWatch.AddOutcome[] decided = new ChannelWatch.AddOutcome[1];
                CompletionStage<Void> durable = p.scope().within(() -> decided[0] = p.watches().add(ref, outpoint, start, existing));
                return durable.thenApplyAsync(v -> added(decided[0]), p.owner()).thenApplyAsync(o -> signed(request, o), p.cpu());
            }, p.owner());
        });
    }

    /** On the tower thread: the outcome, with the user's slots and expiry as they are after the charge. */
    private WatchAddOutcome added(ChannelWatch.AddOutcome o) {
        StoredWatch watch;
        if (o instanceof ChannelWatch.AddOutcome.Added a) {
            watch = a.watch();
        } else if (o instanceof ChannelWatch.AddOutcome.AlreadyWatched a) {
            watch = a.existing();
        } else if (o instanceof ChannelWatch.AddOutcome.KindNotTaken k) {
            return new KindNotTaken(k.kind().wireName());
        } else if (o instanceof ChannelWatch.AddOutcome.TooManyWatches t) {
            return new TooManyWatches(t.max());
        } else {
            return new NoSlotForWatch();
        }
        Optional<UserRecord> u = p.gatekeeper().user(watch.user());
        if (u.isEmpty()) {
            return new UnknownSigner(); // its subscription ended and it was deleted meanwhile
        }
        // The receipt's signature is filled in on the CPU pool (signed).
        return new Watched(new WatchAddResponse(watch.ref().key(), watch.ref().kind(), watch.registeredHeight(),
                u.get().availableSlots(), u.get().subscriptionExpiry(), ""));
    }

    /** On the CPU pool: the receipt of 5.2 over the user's signature and the watch's start height. */
    private WatchAddOutcome signed(WatchAddRequest request, WatchAddOutcome o) {
        if (!(o instanceof Watched w)) {
            return o;
        }
        WatchAddResponse r = w.response();
        String receipt = p.signer().sign(new WatchReceipt(request.signature(), r.startHeight()).serialize(), p.towerKey());
        return new Watched(new WatchAddResponse(r.watchId(), r.kind(), r.startHeight(), r.availableSlots(), r.subscriptionExpiry(), receipt));
    }

    @Override
    public CompletionStage<WatchRemoveOutcome> watchRemove(WatchRemoveRequest request) {
        return authenticated(request.message(p.tower()), request.signature(), request.height(), true, r -> r, user -> {
            WatchRef hint = new WatchRef(user, WatchKind.HINT, request.watchId());
            WatchRef byOutpoint = new WatchRef(user, WatchKind.OUTPOINT, request.watchId());
            // The id names a hint or an outpoint watch; the request does not say which, so both are read.
            return p.watchLookup().findWatch(hint).thenCombine(p.watchLookup().findWatch(byOutpoint),
                    (h, o) -> h.isPresent() ? h : o).thenComposeAsync(existing -> {
                        if (existing.isEmpty()) {
                            return done((WatchRemoveOutcome) new NoSuchWatch());
                        }
                        ChannelWatch.RemoveOutcome[] decided = new ChannelWatch.RemoveOutcome[1];
                        CompletionStage<Void> durable = p.scope().within(() -> decided[0] = p.watches().remove(existing.get().ref(), existing));
                        return durable.thenApplyAsync(v -> {
                            if (!(decided[0] instanceof ChannelWatch.RemoveOutcome.Removed)) {
                                return (WatchRemoveOutcome) new NoSuchWatch();
                            }
                            long slots = p.gatekeeper().user(user).map(UserRecord::availableSlots).orElse(0L);
                            return new Unwatched(new WatchRemoveResponse(request.watchId(), slots));
                        }, p.owner());
                    }, p.owner());
        });
    }

    /**
     * 5.1: the user recovered from the signature (CPU pool), then on the tower thread: registered (an
     * expired user may still read its log, but not change what is watched: {@code changes}), not
     * denied, its height within the window, and enrolled (its log exists once the enrolment is
     * durable); then {@code admitted}.
     */
    private <T> CompletionStage<T> authenticated(byte[] message, String signature, long height, boolean changes,
            Function<MonitorRefusal, T> refused, Function<UserId, CompletionStage<T>> admitted) {
        if (changes && !p.nodeReachable().getAsBoolean()) {
            return done(refused.apply(new NodeUnavailable()));
        }
        return CompletableFuture.supplyAsync(() -> p.signer().recover(message, signature).map(UserId::new), p.cpu())
                .thenComposeAsync(recovered -> {
                    p.owner().checkOwner("admitting a monitoring request");
                    long tip = p.tip().getAsLong();
                    Gatekeeper.Access access = recovered.isEmpty() ? new Gatekeeper.Access.Unknown()
                            : p.gatekeeper().access(recovered.get(), tip);
                    if (access instanceof Gatekeeper.Access.Unknown) {
                        return done(refused.apply(new UnknownSigner()));
                    }
                    UserId user = recovered.get();
                    if (settings.denied().contains(user.toHex())) {
                        return done(refused.apply(new MonitoringDenied()));
                    }
                    if (height + HEIGHT_BEHIND < tip || height > tip + HEIGHT_AHEAD) {
                        return done(refused.apply(new HeightOutOfRange(tip)));
                    }
                    if (changes && access instanceof Gatekeeper.Access.Expired e) {
                        return done(refused.apply(new SubscriptionEnded(e.user().subscriptionExpiry())));
                    }
                    if (p.log().monitors(user)) {
                        return admitted.apply(user);
                    }
                    return p.scope().within(() -> p.log().enroll(user)).thenCompose(v -> admitted.apply(user));
                }, p.owner());
    }

    private EventsOutcome page(UserId user, long after, Optional<EventReader.Slice> read) {
        if (read.isEmpty()) {
            // Deleted (its subscription ended) between the check and the read.
            return new UnknownSigner();
        }
        EventReader.Slice slice = read.get();
        if (after > slice.head()) {
            return new CursorAhead(slice.head());
        }
        List<SignedEvent> events = new ArrayList<>(slice.events().size());
        for (StoredEvent e : slice.events()) {
            MonitorEvent event = EventCodec.decode(e.c().toArray()).orElseThrow();
            events.add(new SignedEvent(event, e.c(), signatures.sign(EventId.of(p.tower(), user, e.cursor()), e.c())));
        }
        return new Page(new EventsPage(events, slice.head(), slice.oldestCursor(), after + 1 < slice.oldestCursor(),
                p.tip().getAsLong()));
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
