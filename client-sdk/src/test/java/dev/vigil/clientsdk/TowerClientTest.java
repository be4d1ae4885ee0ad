package dev.vigil.clientsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.MemoryRecordLog;
import dev.vigil.clientsdk.outbox.RecordLog;
import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.clientsdk.outbox.PendingAppointment;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.justicetxbuilder.justice.ChannelBasepoints;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.OutPoint;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.justicetxbuilder.scripts.Bolt3Scripts;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.crypto.BlobDecryption;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.testsupport.Backends;
import dev.vigil.towerprotocol.signing.UserRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class TowerClientTest {
    private static final Bytes SECRET = Bytes.of(Hashes.sha256("wallet secret".getBytes(StandardCharsets.UTF_8)));
    private static final long DELAY = 144;

    @TempDir
    Path dir;

    private final FakeTower a = new FakeTower("a");
    private final FakeTower b = new FakeTower("b");
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** The store of the newest client made by {@link #client()}; each new client reopens the same content. */
    private MemoryRecordLog memory;

    private TowerClient client(RecordLog store, int cap) throws Exception {
        return TowerClient.builder(SECRET, store).tower(a.endpoint).tower(b.endpoint).transport(FakeTower.routing(a, b))
                .clock(now::get).jitter(new Random(7)).backoff(new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10)))
                .outboxCapPerTower(cap).topUp(new TowerClient.TopUp(0, 0)).build();
    }

    private TowerClient client() throws Exception {
        memory = memory == null ? new MemoryRecordLog() : memory.restart();
        return client(memory, 100);
    }

    private static Txid txid(int n) {
        return Txid.ofInternal(Hashes.sha256(("commitment " + n).getBytes(StandardCharsets.UTF_8)));
    }

    private static Bytes justice(int n) {
        byte[] tx = new byte[200];
        java.util.Arrays.fill(tx, (byte) n);
        return Bytes.of(tx);
    }

    @Test
    void registrationVerifiesTheReceiptAndKeepsTheSubscription() throws Exception {
        TowerClient c = client();
        var results = c.register();
        Subscription expected = new Subscription(FakeTower.SLOTS, FakeTower.TIP, FakeTower.TIP + FakeTower.DURATION);
        assertEquals(new RegistrationResult.Registered(a.id, expected), results.get(a.id));
        assertEquals(new RegistrationResult.Registered(b.id, expected), results.get(b.id));
        assertEquals(expected, c.status(a.id).subscription().orElseThrow());
        // Kept durably: a client opened on the same store knows it without asking the towers again.
        TowerClient reopened = client();
        assertEquals(expected, reopened.status(b.id).subscription().orElseThrow());
        // Each tower knows the wallet by a different user id.
        assertNotEquals(c.userId(a.id), c.userId(b.id));
        assertEquals(c.userId(a.id), reopened.userId(a.id));
    }

    @Test
    void aRegistrationReceiptSignedByAnotherKeyMarksTheTowerMisbehaving() throws Exception {
        TowerClient c = client();
        a.mode = FakeTower.Mode.BAD_REGISTRATION_SIGNATURE;
        var r = assertInstanceOf(RegistrationResult.Misbehaving.class, c.register().get(a.id));
        assertTrue(r.misbehaviour().reason().contains("registration receipt signature"), r.misbehaviour().reason());
        assertFalse(c.status(a.id).subscription().isPresent());
        assertInstanceOf(RegistrationResult.Registered.class, c.register().get(b.id));
    }

    @Test
    void anAppointmentIsDurableBeforeAddReturnsAndDecryptsWithTheDisputeTxid() throws Exception {
        FileRecordLog store = new FileRecordLog(dir);
        TowerClient c = client(store, 100);
        var r = assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(1), justice(1), DELAY));
        assertEquals(List.of(a.id, b.id), r.queuedFor());
        assertEquals(0, a.requests.size() + b.requests.size(), "adding makes no network call");

        // "kill -9" here: a new process opens the same directory and finds both appointments.
        TowerClient restarted = client(new FileRecordLog(dir), 100);
        for (FakeTower t : List.of(a, b)) {
            List<PendingAppointment> p = restarted.pending(t.id);
            assertEquals(1, p.size());
            assertEquals(txid(1).locator(), p.get(0).appointment().locator());
            var plain = assertInstanceOf(BlobDecryption.Decrypted.class, BlobCipher.decrypt(p.get(0).appointment().encryptedBlob(), txid(1)));
            assertEquals(justice(1), plain.plaintext());
            // Signed with that tower's user key.
            assertTrue(FakeTower.SIGNER.verify(UserRequests.addAppointment(p.get(0).appointment()), p.get(0).userSignature(),
                    restarted.userId(t.id).key()));
        }
    }

    @Test
    void flushDeliversToEveryTowerAndKeepsEachVerifiedReceipt() throws Exception {
        TowerClient c = client();
        c.addAppointment(txid(1), justice(1), DELAY);
        c.addAppointment(txid(2), justice(2), DELAY);
        FlushReport report = c.flush();
        for (FakeTower t : List.of(a, b)) {
            assertEquals(new FlushReport.TowerFlush(t.id, 2, 0, new FlushReport.Outcome.Done()), report.of(t.id));
            assertEquals(0, c.pending(t.id).size());
            List<ReceiptProof> receipts = c.receipts(t.id);
            assertEquals(List.of(txid(1).locator(), txid(2).locator()), receipts.stream().map(x -> x.appointment().locator()).toList());
            for (ReceiptProof p : receipts) {
                assertTrue(FakeTower.SIGNER.verify(p.signedBytes(), p.towerSignature(), t.id.key()));
                assertEquals(FakeTower.TIP, p.startBlock());
            }
            assertEquals(2, t.watched.get(c.userId(t.id)).size());
            assertEquals(FakeTower.SLOTS - 2, c.status(t.id).subscription().orElseThrow().availableSlots());
        }
        // Nothing left: a second flush sends nothing.
        int before = a.requests.size();
        c.flush();
        assertEquals(before, a.requests.size());
    }

    @Test
    void aReceiptWithABadSignatureMarksTheTowerMisbehavingAndItGetsNothingMore() throws Exception {
        TowerClient c = client();
        a.mode = FakeTower.Mode.BAD_RECEIPT_SIGNATURE;
        c.addAppointment(txid(1), justice(1), DELAY);
        FlushReport report = c.flush();
        var bad = assertInstanceOf(FlushReport.Outcome.Misbehaving.class, report.of(a.id).outcome());
        Misbehaviour m = bad.misbehaviour();
        assertTrue(m.reason().contains("does not recover to the tower id"), m.reason());
        ReceiptProof proof = m.evidence().orElseThrow();
        assertEquals(txid(1).locator(), proof.appointment().locator());
        assertFalse(FakeTower.SIGNER.verify(proof.signedBytes(), proof.towerSignature(), a.id.key()));
        // The appointment did not leave a's outbox; b, unaffected, has its receipt.
        assertEquals(1, c.pending(a.id).size());
        assertEquals(0, c.receipts(a.id).size());
        assertEquals(new FlushReport.Outcome.Done(), report.of(b.id).outcome());
        assertEquals(1, c.receipts(b.id).size());
        assertEquals(m, c.status(a.id).misbehaviour().orElseThrow());

        // It stops getting appointments, and a flush does not contact it, even once it behaves.
        a.mode = FakeTower.Mode.OK;
        int requestsBefore = a.requests.size();
        var next = assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(2), justice(2), DELAY));
        assertEquals(List.of(b.id), next.queuedFor());
        assertEquals(List.of(a.id), next.misbehaving());
        assertInstanceOf(FlushReport.Outcome.Misbehaving.class, c.flush().of(a.id).outcome());
        assertEquals(requestsBefore, a.requests.size());
        // The finding and its proof survive a restart.
        assertEquals(m, client().status(a.id).misbehaviour().orElseThrow());
    }

    @Test
    void aStartBlockOutsideTheSignedSubscriptionIsMisbehaviour() throws Exception {
        TowerClient c = client();
        a.mode = FakeTower.Mode.START_BLOCK_IN_THE_PAST;
        c.addAppointment(txid(1), justice(1), DELAY);
        var bad = assertInstanceOf(FlushReport.Outcome.Misbehaving.class, c.flush().of(a.id).outcome());
        assertTrue(bad.misbehaviour().reason().contains("start_block " + (FakeTower.TIP - 500)), bad.misbehaviour().reason());
        assertEquals(1, c.pending(a.id).size());
    }

    @Test
    void anUnreachableTowerIsRetriedAfterItsBackoffAndNeverHoldsTheOtherBack() throws Exception {
        TowerClient c = client();
        a.mode = FakeTower.Mode.DOWN;
        c.addAppointment(txid(1), justice(1), DELAY);
        c.addAppointment(txid(2), justice(2), DELAY);
        FlushReport first = c.flush();
        var later = assertInstanceOf(FlushReport.Outcome.RetryLater.class, first.of(a.id).outcome());
        // Equal jitter: within [initial/2, initial] of now.
        assertTrue(later.notBeforeMillis() >= now.get() + 5_000 && later.notBeforeMillis() <= now.get() + 10_000, later.toString());
        assertEquals(new FlushReport.TowerFlush(b.id, 2, 0, new FlushReport.Outcome.Done()), first.of(b.id));
        assertEquals(1, a.requests.size(), "one failed attempt, then the tower is left alone");
        assertEquals(2, c.pending(a.id).size());

        // Back up, but still inside the backoff: not contacted.
        a.mode = FakeTower.Mode.OK;
        assertInstanceOf(FlushReport.Outcome.NotContacted.class, c.flush().of(a.id).outcome());
        assertEquals(1, a.requests.size());

        now.set(later.notBeforeMillis());
        assertEquals(new FlushReport.TowerFlush(a.id, 2, 0, new FlushReport.Outcome.Done()), c.flush().of(a.id));
        assertEquals(2, c.receipts(a.id).size());
    }

    @Test
    void aBusyTowerBacksOffLongerEachTime() throws Exception {
        TowerClient c = client();
        c.register();
        a.mode = FakeTower.Mode.BUSY;
        c.addAppointment(txid(1), justice(1), DELAY);
        for (int i = 0; i < 4; i++) {
            var later = assertInstanceOf(FlushReport.Outcome.RetryLater.class, c.flush().of(a.id).outcome());
            long delay = later.notBeforeMillis() - now.get();
            assertTrue(delay >= (10_000L << i) / 2 && delay <= (10_000L << i), "attempt " + i + ": " + delay);
            now.set(later.notBeforeMillis());
        }
        assertEquals(1, c.pending(a.id).size());
    }

    @Test
    void onlyATeosErrorRefusesAnAppointmentForGoodAnythingElseIsRetried() throws Exception {
        TowerClient c = client();
        c.register();
        a.mode = FakeTower.Mode.CAPTIVE_PORTAL;
        c.addAppointment(txid(1), justice(1), DELAY);
        assertInstanceOf(FlushReport.Outcome.RetryLater.class, c.flush().of(a.id).outcome());
        assertEquals(0, c.status(a.id).rejected());

        a.mode = FakeTower.Mode.REFUSES_APPOINTMENTS;
        now.addAndGet(3_600_000);
        assertEquals(new FlushReport.TowerFlush(a.id, 0, 1, new FlushReport.Outcome.Done()), c.flush().of(a.id));
        PendingAppointment refused = c.pending(a.id).get(0);
        assertTrue(refused.rejection().orElseThrow().contains("APPOINTMENT_FIELD_TOO_BIG"), refused.toString());
        assertEquals(1, c.status(a.id).rejected());
        // Kept and reported, not sent again.
        long adds = a.requestsTo("/add_appointment");
        c.flush();
        assertEquals(adds, a.requestsTo("/add_appointment"));
    }

    @Test
    void theOutboxIsBoundedPerTowerWithATypedRefusal() throws Exception {
        TowerClient c = client(memory = new MemoryRecordLog(), 2);
        a.mode = FakeTower.Mode.DOWN;
        b.mode = FakeTower.Mode.DOWN;
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(1), justice(1), DELAY));
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(2), justice(2), DELAY));
        int saves = memory.syncs();
        var refused = assertInstanceOf(EnqueueResult.Refused.class, c.addAppointment(txid(3), justice(3), DELAY));
        assertEquals(List.of(new EnqueueResult.OutboxFull(a.id, 2), new EnqueueResult.OutboxFull(b.id, 2)), refused.full());
        assertEquals(saves, memory.syncs(), "nothing stored for a refused appointment");
        // The same locator again replaces its pending appointment instead of growing the outbox.
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(2), justice(7), DELAY));
        assertEquals(2, c.pending(a.id).size());
        // Room for one tower only: queued there, the full one named.
        b.mode = FakeTower.Mode.OK;
        now.addAndGet(3_600_000);
        c.flush();
        var partial = assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(3), justice(3), DELAY));
        assertEquals(List.of(b.id), partial.queuedFor());
        assertEquals(List.of(new EnqueueResult.OutboxFull(a.id, 2)), partial.full());
    }

    @Test
    void badInputAndAFailingStoreEnqueueNothing() throws Exception {
        TowerClient c = client();
        assertInstanceOf(EnqueueResult.InvalidInput.class, c.addAppointment(txid(1), Bytes.of(new byte[64]), DELAY));
        assertInstanceOf(EnqueueResult.InvalidInput.class, c.addAppointment(txid(1), justice(1), -1));
        memory.failNextAppends(1);
        assertInstanceOf(EnqueueResult.NotStored.class, c.addAppointment(txid(1), justice(1), DELAY));
        assertEquals(0, c.pending(a.id).size());
        assertEquals(0, memory.syncs());
    }

    private static PrivateKey key(String name) {
        return new PrivateKey(Bytes.of(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8))));
    }

    private static ChannelBasepoints basepoints(String side) {
        return new ChannelBasepoints(Bolt3Keys.publicKey(key(side + "/funding")), Bolt3Keys.publicKey(key(side + "/revocation")),
                Bolt3Keys.publicKey(key(side + "/payment")), Bolt3Keys.publicKey(key(side + "/delayed")),
                Bolt3Keys.publicKey(key(side + "/htlc")));
    }

    @Test
    void aTransactionThatIsNotTheChannelsCommitmentIsRefusedBeforeAnythingIsStored() throws Exception {
        TowerClient c = client();
        ChannelSpec spec = new ChannelSpec(new ChannelParameters(ChannelType.ANCHORS, new OutPoint(txid(100), 0), false,
                144, basepoints("ours"), basepoints("theirs")), Sweep.to(Bolt3Scripts.p2wpkh(basepoints("ours").paymentBasepoint()), 2_500), 546);
        assertEquals(new ChannelResult.Registered(spec.id()), c.registerChannel(spec));
        int writes = memory.syncs();
        assertEquals(new RevocationResult.NoSigner(spec.id()), c.onRevokedCommitment(spec.id(), justice(1), key("secret"), List.of(), 253));
        TowerClient signing = TowerClient.builder(SECRET, memory = memory.restart()).tower(a.endpoint).tower(b.endpoint)
                .transport(FakeTower.routing(a, b)).clock(now::get).signers(RevocationSigners.of(key("ours/revocation"))).build();
        var refused = assertInstanceOf(RevocationResult.NotThisChannel.class,
                signing.onRevokedCommitment(spec.id(), justice(1), key("secret"), List.of(), 253));
        assertFalse(refused.reason().isEmpty());
        assertEquals(0, memory.syncs(), "nothing written after the channel's registration (" + writes + " writes)");
        assertEquals(1, signing.channels().size());
        assertEquals(0, c.pending(a.id).size() + c.pending(b.id).size());
    }

    static Stream<Secp256k1> backends() {
        return Backends.both();
    }

    /** Android runs the pure-Java backend: it must find the same ids and catch the same bad receipt as JNI. */
    @ParameterizedTest
    @MethodSource("backends")
    void everyBackendDerivesTheSameUserIdsAndCatchesTheSameBadReceipt(Secp256k1 secp) throws Exception {
        TowerClient reference = client();
        TowerClient c = TowerClient.builder(SECRET, new MemoryRecordLog()).tower(a.endpoint).tower(b.endpoint)
                .transport(FakeTower.routing(a, b)).clock(now::get).secp256k1(secp).build();
        assertEquals(reference.userId(a.id), c.userId(a.id), secp.name());
        assertEquals(reference.userId(b.id), c.userId(b.id), secp.name());
        a.mode = FakeTower.Mode.BAD_RECEIPT_SIGNATURE;
        c.addAppointment(txid(1), justice(1), DELAY);
        FlushReport report = c.flush();
        assertInstanceOf(FlushReport.Outcome.Misbehaving.class, report.of(a.id).outcome(), secp.name());
        assertEquals(new FlushReport.Outcome.Done(), report.of(b.id).outcome(), secp.name());
    }

    @Test
    void anExpiredSubscriptionIsRenewedOnceAndTheAppointmentDelivered() throws Exception {
        TowerClient c = client();
        c.register();
        a.watched.clear(); // the tower no longer knows the user: it answers 401 as teos does
        c.addAppointment(txid(1), justice(1), DELAY);
        assertEquals(new FlushReport.Outcome.Done(), c.flush().of(a.id).outcome());
        assertEquals(2, a.requestsTo("/register"));
        assertEquals(1, c.receipts(a.id).size());
    }

    @Test
    void aTowerThatForgetsAnAppointmentItSignedForIsMisbehavingWithTheReceiptAsProof() throws Exception {
        TowerClient c = client();
        c.addAppointment(txid(1), justice(1), DELAY);
        c.flush();
        var found = assertInstanceOf(AppointmentLookup.Found.class, c.getAppointment(a.id, txid(1).locator()));
        assertInstanceOf(dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse.BeingWatched.class, found.response());
        // Unknown and never signed for: just not found.
        var unknown = assertInstanceOf(AppointmentLookup.NotFound.class, c.getAppointment(a.id, txid(9).locator()));
        assertFalse(unknown.misbehaviour().isPresent());
        assertFalse(c.status(a.id).misbehaviour().isPresent());

        a.mode = FakeTower.Mode.FORGETFUL;
        var lost = assertInstanceOf(AppointmentLookup.NotFound.class, c.getAppointment(a.id, txid(1).locator()));
        Misbehaviour m = lost.misbehaviour().orElseThrow();
        assertEquals(c.receipts(a.id).get(0), m.evidence().orElseThrow());
        assertEquals(m, c.status(a.id).misbehaviour().orElseThrow());
        assertFalse(c.status(b.id).misbehaviour().isPresent());
    }
}
