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
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerserver.api.EventService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
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
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The monitoring routes' side of the tower (docs/monitoring.md 5): authenticates each request as 5.1
 * says, enrolls the user's log at its first signed request, and reads the log for pulls.
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
            Gatekeeper gatekeeper, EventLog log, WriteScope scope, EventReader reader, LongSupplier tip) {
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
        return authenticated(request.message(p.tower()), request.signature(), request.height(), user ->
                p.reader().eventsAfter(user, request.after(), request.limit())
                        .thenApplyAsync(slice -> page(user, request.after(), slice), p.cpu()));
    }

    /**
     * 5.1: the user recovered from the signature (CPU pool), then on the tower thread: registered (an
     * expired user may still read its log), not denied, its height within the window, and enrolled
     * (its log exists once the enrolment is durable); then {@code admitted}.
     */
    private CompletionStage<EventsOutcome> authenticated(byte[] message, String signature, long height,
            Function<UserId, CompletionStage<EventsOutcome>> admitted) {
        return CompletableFuture.supplyAsync(() -> p.signer().recover(message, signature).map(UserId::new), p.cpu())
                .thenComposeAsync(recovered -> {
                    p.owner().checkOwner("admitting a monitoring request");
                    if (recovered.isEmpty() || p.gatekeeper().user(recovered.get()).isEmpty()) {
                        return done(new UnknownSigner());
                    }
                    UserId user = recovered.get();
                    if (settings.denied().contains(user.toHex())) {
                        return done(new MonitoringDenied());
                    }
                    long tip = p.tip().getAsLong();
                    if (height + HEIGHT_BEHIND < tip || height > tip + HEIGHT_AHEAD) {
                        return done(new HeightOutOfRange(tip));
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
