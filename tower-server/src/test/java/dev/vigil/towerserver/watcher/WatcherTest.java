package dev.vigil.towerserver.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Block;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainEvent;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.ReconcileOutcome;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerserver.api.TowerService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Carrier;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.FaultyDiskStore;
import dev.vigil.towerserver.store.InMemoryTowerStore;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.StoreUnavailableException;
import dev.vigil.towerserver.store.TowerStore;
import dev.vigil.towerserver.testsupport.TestBlocks;
import dev.vigil.towerserver.tower.TowerThread;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher with the real gatekeeper, responder and lifecycle over the in-memory store (the real
 * store's engine and port mapping, contract-tested), on the derived teos breach: the BOLT 3 Appendix C
 * commitment revoked, its penalty in the appointment.
 */
class WatcherTest {
    private static final JsonNode V = SharedFiles.json("vectors/teos-appointment-crypto.json").get("derived");
    private static final Bytes DISPUTE_TX = Bytes.fromHex(
            SharedFiles.json("vectors/bolt3-commitment-txs.json").get("cases").get(0).get("expected_commit_tx").asText());
    private static final Bytes PENALTY_TX = Bytes.fromHex(V.get("penalty_tx").asText());
    private static final PrivateKey USER_KEY = PrivateKey.fromHex(V.get("user_secret_key").asText());
    private static final UserId USER = UserId.fromHex(V.get("user_id").asText());
    private static final PrivateKey TOWER_KEY = PrivateKey.fromHex(V.get("tower_secret_key").asText());
    private static final Appointment APPOINTMENT = new Appointment(Locator.fromHex(V.get("locator").asText()),
            Bytes.fromHex(V.get("encrypted_blob").asText()), 144);
    private static final String USER_SIG = V.get("appointment").get("user_signature_zbase32").asText();
    private static final int DEPTH = 3;

    private final TowerThread tower = TowerThread.start("test-tower");
    private final ExecutorService cpu = Executors.newFixedThreadPool(2);
    private final LightningMessageSigner signer = new LightningMessageSigner(Secp256k1Backends.best());
    private final InMemoryTowerStore memory = InMemoryTowerStore.create();
    /** The store the tower runs on: {@link #memory}, or a file a test restarts from. */
    private TowerStore store = memory;
    private LocatorPrefixIndex index = new LocatorPrefixIndex();
    @TempDir
    Path dir;
    private final ScriptedCarrier carrier = new ScriptedCarrier();
    private Hash256 prev = new Hash256(Bytes.of(new byte[32]));
    private int height = 800_000;
    private int nonce;
    private Watcher watcher;
    private Responder responder;

    /** Records what is sent and answers Accepted unless told otherwise. */
    static final class ScriptedCarrier implements Carrier {
        final List<Bytes> sent = new CopyOnWriteArrayList<>();
        volatile BroadcastOutcome answer = new BroadcastOutcome.Accepted();
        /** Whether bitcoind's answers are held back (never come). */
        volatile boolean silent;

        @Override
        public CompletionStage<BroadcastOutcome> broadcast(Bytes raw) {
            sent.add(raw);
            return silent ? new CompletableFuture<>() : CompletableFuture.completedFuture(answer);
        }
    }

    private void start(SubscriptionPolicy policy) {
        startFrom(policy, List.of(), List.of(), height);
    }

    /** The tower as a start builds it from a store: its users and trackers (and {@link #index}). */
    private void startFrom(SubscriptionPolicy policy, List<UserRecord> users, List<Tracker> trackers, long tip) {
        Gatekeeper gatekeeper = new Gatekeeper(policy, users);
        BatchScope batch = new BatchScope(store, tower, gatekeeper);
        responder = new Responder(new TrackerMachine(new ResponderPolicy(DEPTH, 2)), batch, batch, carrier, tower,
                new Settlement(gatekeeper, batch, batch, tower), trackers, tip);
        watcher = new Watcher(new Watcher.Parts(tower, cpu, signer, TOWER_KEY, gatekeeper, store, store, store, index,
                new RecentBlocks(6), responder, batch), tip);
        nodeReachable(true);
    }

    /** What the chain monitor reports after a walk; returns once the tower thread has taken it in. */
    private void nodeReachable(boolean up) {
        watcher.reconciled(up ? new ReconcileOutcome.UpToDate(new ChainTip(prev, height))
                : new ReconcileOutcome.SourceUnavailable(Optional.empty(), "connection refused"));
        onTower(() -> null);
    }

    /** What the store holds (read through its ports, after every write issued so far). */
    private long storedAppointments() {
        return get(store.forEachLocator(l -> { }));
    }

    private List<Tracker> storedTrackers() {
        return get(store.loadTrackers());
    }

    private Tracker storedTracker(AppointmentId id) {
        return storedTrackers().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private Optional<UserRecord> storedUser(UserId user) {
        return get(store.loadUsers()).stream().filter(u -> u.id().equals(user)).findFirst();
    }

    private long storedSlots(UserId user) {
        return storedUser(user).orElseThrow().availableSlots();
    }

    /** Reads tower-thread state (the index, the responder) on the tower thread. */
    private <T> T onTower(Supplier<T> read) {
        return get(CompletableFuture.supplyAsync(read, tower));
    }

    @AfterEach
    void stop() {
        tower.close();
        cpu.shutdownNow();
        store.close();
        memory.close();
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

    private Messages.AddAppointmentRequest addRequest() {
        return new Messages.AddAppointmentRequest(APPOINTMENT, USER_SIG);
    }

    private void awaitSent(int n) {
        Await.untilEquals("transactions sent", Await.DEFAULT, n, carrier.sent::size);
    }

    private PublicKey towerId() {
        return new PublicKey(signer.backend().publicKey(TOWER_KEY));
    }

    /** A coinbase-shaped filler (the official teos vector's tx) for blocks without a breach. */
    private static final Bytes FILLER = Bytes.fromHex(SharedFiles.json("vectors/teos-appointment-crypto.json")
            .get("official").get("penalty_tx").asText());

    @Test
    void eachBlockIsOneInfoLineAndABreachAWarningWithItsTxidsLocatorAndUser() throws Exception {
        try (LogCapture log = LogCapture.of("dev.vigil.towerserver")) {
            start(SubscriptionPolicy.teosDefaults());
            assertInstanceOf(TowerService.Registered.class, get(watcher.register(USER)));
            assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(addRequest())));
            mine(FILLER);
            String quiet = log.messages(java.util.logging.Level.INFO, "block 800001 ").get(0);
            assertTrue(quiet.matches("block 800001 " + prev + ": 1 tx, 0 breaches, \\d+ ms"), quiet);
            mine(FILLER, DISPUTE_TX);
            String breached = log.messages(java.util.logging.Level.INFO, "block 800002 ").get(0);
            assertTrue(breached.matches("block 800002 " + prev + ": 2 txs, 1 breach, \\d+ ms"), breached);
            Await.until("the breach warning", () -> !log.messages(java.util.logging.Level.WARNING, "breach: ").isEmpty());
            var dispute = storedTracker(AppointmentId.of(APPOINTMENT.locator(), USER)).disputeTxid();
            assertEquals(List.of("breach: dispute " + dispute + " at height 800002 matches locator " + APPOINTMENT.locator()
                    + " of user " + USER + "; broadcasting penalty 922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e"),
                    log.messages(java.util.logging.Level.WARNING, "breach: "));
        }
    }

    @Test
    void aBreachIsAnsweredTrackedToIrrevocableAndTheSlotsRefunded() throws Exception {
        start(SubscriptionPolicy.teosDefaults());
        TowerService.Registered reg = assertInstanceOf(TowerService.Registered.class, get(watcher.register(USER)));
        RegistrationReceipt r = reg.response().receipt();
        assertEquals(new RegistrationReceipt(USER, 10_000, 800_000, 804_320), r);
        assertTrue(signer.verify(r.serialize(), reg.response().subscriptionSignature(), towerId()));

        TowerService.Accepted acc = assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(addRequest())));
        assertEquals(9_999, acc.response().availableSlots());
        assertEquals(800_000, acc.response().startBlock());
        assertTrue(signer.verify(new AppointmentReceipt(USER_SIG, 800_000).serialize(), acc.response().signature(), towerId()));
        assertEquals(1, storedAppointments());
        assertEquals(9_999, storedSlots(USER));
        assertEquals(1, onTower(index::size));

        mine(FILLER);
        assertEquals(List.of(), carrier.sent);

        mine(FILLER, DISPUTE_TX); // the cheater broadcasts the revoked commitment
        awaitSent(1);
        assertEquals(PENALTY_TX, carrier.sent.get(0));
        AppointmentId id = AppointmentId.of(APPOINTMENT.locator(), USER);
        Tracker t = storedTracker(id);
        assertEquals(800_002, t.disputeHeight());
        assertEquals(0, storedAppointments());
        assertEquals(0, onTower(index::size));

        TowerService.Found found = assertInstanceOf(TowerService.Found.class, get(watcher.getAppointment(
                new Messages.GetAppointmentRequest(APPOINTMENT.locator(), V.get("get_appointment").get("user_signature_zbase32").asText()))));
        Messages.GetAppointmentResponse.DisputeResponded dr = assertInstanceOf(Messages.GetAppointmentResponse.DisputeResponded.class, found.response());
        assertEquals("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e", dr.penaltyTxid().toDisplayHex());
        assertEquals(PENALTY_TX, dr.penaltyRawTx());
        assertInstanceOf(TowerService.AlreadyTriggered.class, get(watcher.addAppointment(addRequest())));
        TowerService.Subscription info = assertInstanceOf(TowerService.Subscription.class, get(watcher.getSubscriptionInfo(
                new Messages.GetSubscriptionInfoRequest(V.get("get_subscription_info").get("user_signature_zbase32").asText()))));
        assertEquals(List.of(APPOINTMENT.locator()), info.response().locators());

        mine(FILLER, PENALTY_TX); // mined: 1 confirmation
        assertInstanceOf(Tracker.Status.Confirmed.class, storedTracker(id).status());
        for (int i = 1; i < DEPTH; i++) {
            mine(FILLER);
        }
        assertEquals(0, storedTrackers().size(), "forgotten once irrevocable");
        assertEquals(10_000, storedSlots(USER), "slot refunded");
    }

    @Test
    void aFailedCommitOfTheBlockThatSettlesATrackerStopsTheStoreAndTheRestartForgetsAndRefundsItOnce() throws Exception {
        onDisk();
        start(SubscriptionPolicy.teosDefaults());
        get(watcher.register(USER));
        get(watcher.addAppointment(addRequest()));
        mine(FILLER, DISPUTE_TX);
        awaitSent(1);
        mine(FILLER, PENALTY_TX);
        for (int i = 2; i < DEPTH; i++) {
            mine(FILLER);
        }
        AppointmentId id = AppointmentId.of(APPOINTMENT.locator(), USER);
        assertEquals(1, storedTrackers().size());
        assertEquals(9_999, storedSlots(USER));

        height++;
        Block irrevocable = TestBlocks.block(prev, nonce++, List.of(FILLER));
        prev = irrevocable.hash();
        ((FaultyDiskStore) store).failNextCommits(1); // the block that makes the penalty irrevocable: its commit fails
        assertThrows(IllegalStateException.class, () -> watcher.onEvent(new ChainEvent.BlockConnected(irrevocable, height)));
        StoreUnavailableException why = get(store.stopped());
        assertTrue(why.getMessage().contains("block " + height), why.getMessage());
        assertThrows(IllegalStateException.class, () -> watcher.onEvent(new ChainEvent.BlockConnected(irrevocable, height)),
                "the stopped store takes no more blocks");

        restart();
        assertEquals(height - 1, store.load().orElseThrow().height(), "the failed block's tip was not stored");
        assertEquals(id, storedTrackers().get(0).id(), "the tracker is still stored");
        assertEquals(9_999, storedSlots(USER), "and the refund not stored");
        watcher.onEvent(new ChainEvent.BlockConnected(irrevocable, height)); // the follower replays it
        assertEquals(List.of(), storedTrackers(), "forgotten this time");
        assertEquals(10_000, storedSlots(USER), "and refunded once");
        assertEquals(new ChainTip(irrevocable.hash(), height), store.load().orElseThrow());
    }

    @Test
    void aFailedBlockCommitStopsTheStoreAndTheRestartReplaysTheBlockAndAnswersItsBreach() throws Exception {
        onDisk();
        start(SubscriptionPolicy.teosDefaults());
        get(watcher.register(USER));
        get(watcher.addAppointment(addRequest()));
        height++;
        Block breach = TestBlocks.block(prev, nonce++, List.of(FILLER, DISPUTE_TX));
        prev = breach.hash();
        ((FaultyDiskStore) store).failNextCommits(1);
        assertThrows(IllegalStateException.class, () -> watcher.onEvent(new ChainEvent.BlockConnected(breach, height)));
        get(store.stopped());
        awaitSent(1); // the block's send went before its commit

        restart();
        assertEquals(List.of(), storedTrackers(), "nothing of the failed block is stored");
        assertEquals(1, storedAppointments());
        watcher.onEvent(new ChainEvent.BlockConnected(breach, height)); // the follower replays it
        awaitSent(2);
        assertEquals(PENALTY_TX, carrier.sent.get(1), "the replay answers the breach");
        assertEquals(height, storedTracker(AppointmentId.of(APPOINTMENT.locator(), USER)).disputeHeight());
        assertEquals(0, storedAppointments());
        assertEquals(new ChainTip(breach.hash(), height), store.load().orElseThrow());
    }

    @Test
    void aBlockWithSeveralBreachesAndExpiriesIsOneCommitWithItsTipAndTheFollowersSaveWritesNothing() throws Exception {
        // Subscriptions of 3 blocks, deleted 1 block after they end.
        start(new SubscriptionPolicy(100, 3, 1, 2_048));
        carrier.silent = true; // no answer joins or follows the block: only its own writes are counted
        List<UserId> expiring = List.of(userOf(1), userOf(2));
        for (UserId u : expiring) {
            get(watcher.register(u));
        }
        Appointment other = new Appointment(Locator.fromHex("00112233445566778899aabbccddeeff"), Bytes.of(new byte[100]), 144);
        assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(
                new Messages.AddAppointmentRequest(other, signer.sign(UserRequests.addAppointment(other), keyOf(1))))));
        mine(FILLER);
        mine(FILLER);
        // Three users watch the same revoked commitment: one block, three breaches.
        List<UserId> breached = List.of(USER, userOf(3), userOf(4));
        for (UserId u : breached) {
            get(watcher.register(u));
        }
        get(watcher.addAppointment(addRequest()));
        for (int k : new int[] {3, 4}) {
            assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(
                    new Messages.AddAppointmentRequest(APPOINTMENT, signer.sign(UserRequests.addAppointment(APPOINTMENT), keyOf(k))))));
        }
        mine(FILLER); // 800003: the first two subscriptions end
        assertEquals(4, storedAppointments());

        List<Long> commits = new CopyOnWriteArrayList<>();
        store.timeCommits((nanos, operations) -> commits.add((long) operations));
        long before = store.commitCount();
        mine(FILLER, DISPUTE_TX); // 800004: three breaches, and the two ended subscriptions are deleted
        assertEquals(before + 1, store.commitCount(), "the block is one commit");
        assertEquals(1, commits.size(), "the commit timer saw one commit: " + commits);
        awaitSent(3);
        assertEquals(3, storedTrackers().size());
        assertEquals(0, storedAppointments());
        for (UserId u : expiring) {
            assertEquals(Optional.empty(), storedUser(u));
        }
        assertEquals(0, onTower(index::size));
        ChainTip tip = new ChainTip(prev, height);
        assertEquals(Optional.of(tip), store.load(), "the tip is in the block's commit");
        store.save(tip); // what the follower does once the listener returns
        assertEquals(before + 1, store.commitCount(), "the follower's save of the same tip writes nothing");
        assertEquals(Optional.of(tip), store.load());
    }

    /** User {@code k}'s key (k > 0) and id. */
    private static PrivateKey keyOf(int k) {
        byte[] b = new byte[32];
        b[31] = (byte) k;
        b[0] = 0x42;
        return new PrivateKey(Bytes.of(b));
    }

    private UserId userOf(int k) {
        return new UserId(new PublicKey(signer.backend().publicKey(keyOf(k))));
    }

    /** Runs the tower on a store file that can be made to fail, and that {@link #restart} reopens. */
    private void onDisk() {
        memory.close();
        store = get(FaultyDiskStore.open(dir.resolve("tower.db")));
    }

    /** As the tower's supervisor does after a failure: reopens the store and rebuilds the tower from it. */
    private void restart() {
        get(store.closeAsync());
        store = get(MapDbTowerStore.open(dir.resolve("tower.db")));
        index = get(LocatorPrefixIndex.rebuildFrom(store));
        long tip = store.load().map(t -> (long) t.height()).orElse(800_000L);
        startFrom(SubscriptionPolicy.teosDefaults(), get(store.loadUsers()), get(store.loadTrackers()), tip);
    }

    @Test
    void anAppointmentArrivingAfterItsBreachIsAnsweredAtOnce() throws Exception {
        start(SubscriptionPolicy.teosDefaults());
        get(watcher.register(USER));
        mine(FILLER, DISPUTE_TX);
        mine(FILLER);
        assertEquals(List.of(), carrier.sent);
        assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(addRequest())));
        awaitSent(1);
        assertEquals(PENALTY_TX, carrier.sent.get(0));
        assertEquals(800_001, storedTracker(AppointmentId.of(APPOINTMENT.locator(), USER)).disputeHeight());
        assertEquals(0, storedAppointments());
    }

    @Test
    void refusals() throws Exception {
        start(new SubscriptionPolicy(1, 2, 1, 2_048));
        assertInstanceOf(TowerService.UnknownUser.class, get(watcher.addAppointment(addRequest())));
        assertInstanceOf(TowerService.UnknownUser.class, get(watcher.addAppointment(
                new Messages.AddAppointmentRequest(APPOINTMENT, V.get("get_appointment").get("user_signature_zbase32").asText()))));
        get(watcher.register(USER));
        Appointment big = new Appointment(APPOINTMENT.locator(), Bytes.of(new byte[3_000]), 144);
        String bigSig = signer.sign(UserRequests.addAppointment(big), USER_KEY);
        assertInstanceOf(TowerService.NotEnoughSlots.class, get(watcher.addAppointment(new Messages.AddAppointmentRequest(big, bigSig))));
        assertInstanceOf(TowerService.NotFound.class, get(watcher.getAppointment(
                new Messages.GetAppointmentRequest(APPOINTMENT.locator(), V.get("get_appointment").get("user_signature_zbase32").asText()))));
        mine(FILLER);
        mine(FILLER); // the subscription (2 blocks) has ended
        assertInstanceOf(TowerService.SubscriptionExpired.class, get(watcher.addAppointment(addRequest())));
        nodeReachable(false);
        assertInstanceOf(TowerService.Unavailable.class, get(watcher.register(USER)));
        assertInstanceOf(TowerService.Unavailable.class, get(watcher.addAppointment(addRequest())));
        nodeReachable(true);
        mine(FILLER); // expiry + delta: the user is deleted
        assertEquals(Optional.empty(), storedUser(USER));
    }

    @Test
    void aFailedWriteAnswersNothingAndLeavesNoTrace() throws Exception {
        start(SubscriptionPolicy.teosDefaults());
        get(watcher.register(USER));
        memory.failNextCommits(1);
        assertThrows(CompletionException.class, () -> get(watcher.addAppointment(addRequest())));
        assertEquals(0, onTower(index::size));
        assertEquals(0, storedAppointments());
        TowerService.Accepted acc = assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(addRequest())));
        assertEquals(9_999, acc.response().availableSlots(), "the failed attempt charged nothing");
    }

    @Test
    void theSameAppointmentSentTwiceAtOnceIsChargedOnce() throws Exception {
        start(SubscriptionPolicy.teosDefaults());
        get(watcher.register(USER));
        memory.setCommitDelay(java.time.Duration.ofMillis(200)); // both requests decide before either is stored
        CompletionStage<TowerService.AddOutcome> first = watcher.addAppointment(addRequest());
        CompletionStage<TowerService.AddOutcome> second = watcher.addAppointment(addRequest());
        assertInstanceOf(TowerService.Accepted.class, get(first));
        TowerService.Accepted again = assertInstanceOf(TowerService.Accepted.class, get(second));
        assertEquals(9_999, again.response().availableSlots());
        assertEquals(9_999, storedSlots(USER));
        assertEquals(1, onTower(index::size), "the locator is counted once");
    }

    @Test
    void aWalksOutcomeChangesTheTipOnlyOnTheTowerThread() throws Exception {
        start(SubscriptionPolicy.teosDefaults());
        CountDownLatch release = new CountDownLatch(1);
        tower.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.reconciled(new ReconcileOutcome.UpToDate(new ChainTip(prev, 900_000)));
        assertEquals(800_000, watcher.tip(), "the walk's thread does not write the tip itself");
        release.countDown();
        onTower(() -> null);
        assertEquals(900_000, watcher.tip());
        assertTrue(watcher.nodeReachable());
    }

    @Test
    void theRespondersStateRefusesEveryThreadButTheTowers() {
        start(SubscriptionPolicy.teosDefaults());
        AppointmentId id = AppointmentId.of(APPOINTMENT.locator(), USER);
        assertThrows(IllegalStateException.class, () -> responder.tracker(id));
        assertThrows(IllegalStateException.class, () -> responder.blockConnected(height + 1, java.util.Set.of()));
        assertThrows(IllegalStateException.class, () -> responder.locatorsOf(USER));
        assertEquals(Optional.empty(), onTower(() -> responder.tracker(id)));
    }
}
