package dev.vigil.towerserver.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainEvent;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.ReconcileOutcome;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorMessages.Watch;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest;
import dev.vigil.towerprotocol.monitor.MonitorRequests;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.monitor.WatchId;
import dev.vigil.towerprotocol.monitor.WatchKind;
import dev.vigil.towerprotocol.monitor.WatchReceipt;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerserver.api.EventService;
import dev.vigil.towerserver.api.TowerService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.responder.TrackerObserver;
import dev.vigil.towerserver.store.InMemoryTowerStore;
import dev.vigil.towerserver.testsupport.TestBlocks;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.BatchScope;
import dev.vigil.towerserver.watcher.Watcher;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring requests against the real watcher, responder, event log and in-memory store, on the
 * derived teos breach (the BOLT 3 Appendix C commitment revoked, its penalty in the appointment):
 * authentication as docs/monitoring.md 5.1 says, enrolment at the first request, and a breach's
 * events read back by pull, signed by the tower.
 */
class MonitorServiceTest {
    private static final JsonNode V = SharedFiles.json("vectors/teos-appointment-crypto.json").get("derived");
    private static final Bytes DISPUTE_TX = Bytes.fromHex(
            SharedFiles.json("vectors/bolt3-commitment-txs.json").get("cases").get(0).get("expected_commit_tx").asText());
    private static final Bytes PENALTY_TX = Bytes.fromHex(V.get("penalty_tx").asText());
    private static final Bytes FILLER = Bytes.fromHex(SharedFiles.json("vectors/teos-appointment-crypto.json")
            .get("official").get("penalty_tx").asText());
    private static final PrivateKey USER_KEY = PrivateKey.fromHex(V.get("user_secret_key").asText());
    private static final UserId USER = UserId.fromHex(V.get("user_id").asText());
    private static final PrivateKey TOWER_KEY = PrivateKey.fromHex(V.get("tower_secret_key").asText());
    private static final PrivateKey STRANGER_KEY = PrivateKey.fromHex("11".repeat(32));
    private static final Appointment APPOINTMENT = new Appointment(Locator.fromHex(V.get("locator").asText()),
            Bytes.fromHex(V.get("encrypted_blob").asText()), 144);
    private static final String APPOINTMENT_SIG = V.get("appointment").get("user_signature_zbase32").asText();
    private static final int DEPTH = 3;

    private final TowerThread tower = TowerThread.start("test-tower");
    private final ExecutorService cpu = Executors.newFixedThreadPool(2);
    private final LightningMessageSigner signer = new LightningMessageSigner(Secp256k1Backends.best());
    private final InMemoryTowerStore store = InMemoryTowerStore.create();
    private final TowerId towerId = new TowerId(new PublicKey(signer.backend().publicKey(TOWER_KEY)));
    private Hash256 prev = new Hash256(Bytes.of(new byte[32]));
    private int height = 800_000;
    private int nonce;
    private Watcher watcher;
    private EventLog log;
    private MonitorService service;

    private void start(Set<String> denied) {
        Gatekeeper gatekeeper = new Gatekeeper(SubscriptionPolicy.teosDefaults(), List.of());
        BatchScope batch = new BatchScope(store, tower, gatekeeper);
        log = new EventLog(towerId, tower, batch, EventBounds.DEFAULT, System::currentTimeMillis, List.of(), height,
                new BlockHash(prev.internalOrder()));
        Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(DEPTH, 2)), batch, batch,
                raw -> CompletableFuture.completedFuture(new BroadcastOutcome.Accepted()), tower,
                new Settlement(gatekeeper, batch, batch, tower), List.of(), height, TrackerObserver.NONE, log);
        ChannelWatch watches = new ChannelWatch(towerId, tower, new ChannelWatch.Settings(1000, Set.of(WatchKind.HINT, WatchKind.OUTPOINT), DEPTH),
                gatekeeper, store, batch, batch, log, ChannelWatch.Census.empty());
        watcher = new Watcher(new Watcher.Parts(tower, cpu, signer, TOWER_KEY, gatekeeper, store, store, store,
                new dev.vigil.towerserver.watcher.LocatorPrefixIndex(), new RecentBlocks(6), responder, batch), height,
                dev.vigil.towerserver.watcher.BlockObserver.NONE, log, Optional.of(watches));
        watcher.reconciled(new ReconcileOutcome.UpToDate(new ChainTip(prev, height)));
        service = new MonitorService(new MonitorService.Parts(towerId, tower, cpu, signer, TOWER_KEY, gatekeeper, log, batch,
                store, watcher::tip, watches, store, watcher::nodeReachable), new MonitorService.Settings(denied, 1000, 1000, 15, false));
        get(CompletableFuture.supplyAsync(() -> null, tower));
    }

    @AfterEach
    void stop() {
        tower.close();
        cpu.shutdownNow();
        store.close();
    }

    private static <T> T get(CompletionStage<T> s) {
        try {
            return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private void mine(Bytes... txs) {
        height++;
        Block b = TestBlocks.block(prev, nonce++, List.of(txs));
        prev = b.hash();
        watcher.onEvent(new ChainEvent.BlockConnected(b, height));
    }

    private EventService.EventsOutcome pull(PrivateKey key, long after, int limit, long atHeight) {
        String sig = signer.sign(MonitorRequests.events(towerId, atHeight, after, limit), key);
        return get(service.events(new EventsRequest(after, limit, atHeight, sig)));
    }

    private EventsPage page(long after) {
        return assertInstanceOf(EventService.Page.class, pull(USER_KEY, after, 100, height)).page();
    }

    private static List<EventType> types(EventsPage p) {
        return p.events().stream().map(e -> e.event().type()).toList();
    }

    private void registerAndAppoint() {
        assertInstanceOf(TowerService.Registered.class, get(watcher.register(USER)));
        assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(new Messages.AddAppointmentRequest(APPOINTMENT, APPOINTMENT_SIG))));
    }

    @Test
    void infoNamesTheTowerAndItsTip() {
        start(Set.of());
        InfoResponse info = service.info();
        assertEquals(towerId, info.towerId());
        assertEquals(height, info.height());
        mine(FILLER);
        assertEquals(height, service.info().height());
    }

    @Test
    void aStrangerIsUnknownAndGetsNoLog() {
        start(Set.of());
        assertInstanceOf(EventService.UnknownSigner.class, pull(STRANGER_KEY, 0, 10, height));
        assertEquals(List.of(), get(store.loadMonitoredUsers()));
    }

    @Test
    void theFirstPullEnrollsTheUserDurablyAndAnswersAnEmptyLog() {
        start(Set.of());
        registerAndAppoint();
        assertEquals(List.of(), get(store.loadMonitoredUsers()));
        EventsPage p = page(0);
        assertEquals(List.of(), p.events());
        assertEquals(0, p.head());
        assertEquals(1, p.oldestCursor());
        assertFalse(p.gap());
        assertEquals(height, p.height());
        assertEquals(List.of(new MonitoredUser(USER, 1)), get(store.loadMonitoredUsers()));
    }

    @Test
    void theHeightMustBeWithinSixBelowAndOneAboveTheTip() {
        start(Set.of());
        registerAndAppoint();
        for (long ok : new long[] {height - 6, height, height + 1}) {
            assertInstanceOf(EventService.Page.class, pull(USER_KEY, 0, 10, ok), "height " + ok);
        }
        for (long bad : new long[] {height - 7, height + 2, 0}) {
            EventService.HeightOutOfRange r = assertInstanceOf(EventService.HeightOutOfRange.class, pull(USER_KEY, 0, 10, bad), "height " + bad);
            assertEquals(height, r.towerHeight());
        }
    }

    @Test
    void aSignatureForAnotherTowerOrAnotherRequestRecoversSomeoneElse() {
        start(Set.of());
        registerAndAppoint();
        TowerId other = new TowerId(new PublicKey(signer.backend().publicKey(STRANGER_KEY)));
        String forOther = signer.sign(MonitorRequests.events(other, height, 0, 10), USER_KEY);
        assertInstanceOf(EventService.UnknownSigner.class, get(service.events(new EventsRequest(0, 10, height, forOther))));
        String forLimit5 = signer.sign(MonitorRequests.events(towerId, height, 0, 5), USER_KEY);
        assertInstanceOf(EventService.UnknownSigner.class, get(service.events(new EventsRequest(0, 10, height, forLimit5))));
        assertEquals(List.of(), get(store.loadMonitoredUsers()));
    }

    @Test
    void aDeniedUserIsRefusedAndNotEnrolled() {
        start(Set.of(USER.toHex()));
        registerAndAppoint();
        assertInstanceOf(EventService.MonitoringDenied.class, pull(USER_KEY, 0, 10, height));
        assertEquals(List.of(), get(store.loadMonitoredUsers()));
    }

    @Test
    void aCursorBeyondTheHeadIsRefusedWithTheHead() {
        start(Set.of());
        registerAndAppoint();
        EventService.CursorAhead r = assertInstanceOf(EventService.CursorAhead.class, pull(USER_KEY, 1, 10, height));
        assertEquals(0, r.head());
    }

    @Test
    void aBreachIsToldFromBreachSeenToIrrevocableInOrderSignedByTheTower() {
        start(Set.of());
        registerAndAppoint();
        page(0); // enrolls
        mine(DISPUTE_TX);
        long disputeHeight = height;
        Await.untilEquals("the penalty's mempool answer in the log", Await.DEFAULT, 3L, () -> page(0).head());
        mine(PENALTY_TX);
        for (int i = 1; i < DEPTH; i++) {
            mine(FILLER);
        }
        EventsPage p = page(0);
        assertEquals(List.of(EventType.BREACH_SEEN, EventType.JUSTICE_BROADCAST, EventType.JUSTICE_IN_MEMPOOL,
                EventType.JUSTICE_CONFIRMED, EventType.JUSTICE_IRREVOCABLE), types(p));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), p.events().stream().map(e -> e.event().head().cursor()).toList());
        assertEquals(5, p.head());
        EventSignature signature = new EventSignature(signer);
        for (SignedEvent e : p.events()) {
            assertEquals(EventSignature.Verdict.VALID, signature.check(e, towerId, USER), e.event().toString());
        }
        assertEquals(disputeHeight, p.events().get(0).event().head().height());
        assertEquals(disputeHeight + 1, p.events().get(3).event().head().height());

        // Paging: after and limit, and the same bytes and signature at every delivery.
        EventsPage second = assertInstanceOf(EventService.Page.class, pull(USER_KEY, 1, 2, height)).page();
        assertEquals(List.of(EventType.JUSTICE_BROADCAST, EventType.JUSTICE_IN_MEMPOOL), types(second));
        assertEquals(p.events().get(1).c(), second.events().get(0).c());
        assertEquals(p.events().get(1).signature(), second.events().get(0).signature());
        assertEquals(List.of(), page(5).events());
    }

    /** The funding outpoint the BOLT 3 commitment spends: its first input (a segwit serialization). */
    private static Outpoint fundingOutpoint() {
        byte[] raw = DISPUTE_TX.toArray();
        byte[] txid = java.util.Arrays.copyOfRange(raw, 7, 39);
        long vout = (raw[39] & 0xff) | (raw[40] & 0xff) << 8 | (raw[41] & 0xff) << 16 | (long) (raw[42] & 0xff) << 24;
        return new Outpoint(new dev.vigil.towerprotocol.Txid(Bytes.of(txid)), vout);
    }

    private EventService.WatchAddOutcome addWatch(Outpoint o, long atHeight) {
        String sig = signer.sign(MonitorRequests.watchAdd(towerId, atHeight, o), USER_KEY);
        return get(service.watchAdd(new WatchAddRequest(new Watch.ByOutpoint(o), atHeight, sig)));
    }

    @Test
    void aWatchedFundingOutpointSpentByTheRevokedCommitmentIsToldBeforeTheBreach() {
        start(Set.of());
        registerAndAppoint();
        EventService.Watched w = assertInstanceOf(EventService.Watched.class, addWatch(fundingOutpoint(), height));
        assertEquals(WatchId.of(fundingOutpoint()), w.response().watchId());
        assertEquals(height, w.response().startHeight());
        assertTrue(signer.verify(new WatchReceipt(signer.sign(MonitorRequests.watchAdd(towerId, height, fundingOutpoint()), USER_KEY), height)
                .serialize(), w.response().receipt(), towerId.key()), "the receipt verifies against the tower id");
        long slots = w.response().availableSlots();
        // A repeat is the same watch, charged once.
        EventService.Watched again = assertInstanceOf(EventService.Watched.class, addWatch(fundingOutpoint(), height));
        assertEquals(slots, again.response().availableSlots());

        mine(FILLER, DISPUTE_TX); // the first transaction of a block is its coinbase, whose input spends nothing
        Await.untilEquals("the penalty's mempool answer in the log", Await.DEFAULT, 4L, () -> page(0).head());
        EventsPage p = page(0);
        // Breaches first (docs/monitoring.md 4.4); the carrier's answer (in mempool) lands in the block's
        // batch when it comes, before or after the watch step (a departure written in section 9).
        assertEquals(List.of(EventType.BREACH_SEEN, EventType.JUSTICE_BROADCAST), types(p).subList(0, 2));
        assertEquals(Set.of(EventType.FUNDING_SPENT, EventType.JUSTICE_IN_MEMPOOL), Set.copyOf(types(p).subList(2, 4)));
        MonitorEvent.FundingSpent f = (MonitorEvent.FundingSpent) p.events().stream().map(SignedEvent::event)
                .filter(e -> e instanceof MonitorEvent.FundingSpent).findFirst().orElseThrow();
        assertEquals(fundingOutpoint(), f.outpoint());
        assertEquals(dev.vigil.towerprotocol.monitor.CloseKind.UNILATERAL, f.close());
        assertTrue(f.tags().isPresent(), "a commitment's locktime and sequence, for the SDK to decode its number");
        assertEquals(height, f.head().height());
    }

    @Test
    void aRemovedWatchFreesItsSlotAndAnUnknownOneIsNotFound() {
        start(Set.of());
        registerAndAppoint();
        EventService.Watched w = assertInstanceOf(EventService.Watched.class, addWatch(fundingOutpoint(), height));
        String sig = signer.sign(MonitorRequests.watchRemove(towerId, height, w.response().watchId()), USER_KEY);
        EventService.Unwatched u = assertInstanceOf(EventService.Unwatched.class,
                get(service.watchRemove(new WatchRemoveRequest(w.response().watchId(), height, sig))));
        assertEquals(w.response().availableSlots() + 1, u.response().availableSlots());
        assertInstanceOf(EventService.NoSuchWatch.class, get(service.watchRemove(new WatchRemoveRequest(w.response().watchId(), height, sig))));
        mine(FILLER, DISPUTE_TX);
        Await.untilEquals("the penalty's mempool answer in the log", Await.DEFAULT, 3L, () -> page(0).head());
        assertFalse(types(page(0)).contains(EventType.FUNDING_SPENT), "a removed watch is not reported");
    }

    @Test
    void watchingNeedsTheNodeAndAnActiveSubscription() {
        start(Set.of());
        registerAndAppoint();
        watcher.reconciled(new ReconcileOutcome.SourceUnavailable(Optional.empty(), "connection refused"));
        get(CompletableFuture.supplyAsync(() -> null, tower));
        assertInstanceOf(EventService.NodeUnavailable.class, addWatch(fundingOutpoint(), height));
        assertInstanceOf(EventService.Page.class, pull(USER_KEY, 0, 10, height), "a pull needs no node");
    }

    @Test
    void aTeosClientThatNeverAsksHasNoLogWrittenForItsBreach() {
        start(Set.of());
        registerAndAppoint();
        mine(DISPUTE_TX);
        mine(PENALTY_TX);
        assertEquals(List.of(), get(store.loadMonitoredUsers()));
        assertEquals(Optional.empty(), get(store.eventsAfter(USER, 0, 10)));
        assertTrue(get(CompletableFuture.supplyAsync(() -> log.size(), tower)) == 0);
    }
}
