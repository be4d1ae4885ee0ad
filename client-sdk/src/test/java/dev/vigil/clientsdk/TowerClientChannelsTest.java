package dev.vigil.clientsdk;

import static dev.vigil.clientsdk.VectorChannel.OFFERED;
import static dev.vigil.clientsdk.VectorChannel.RECEIVED;
import static dev.vigil.clientsdk.VectorChannel.TRIMMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.PendingAppointment;
import dev.vigil.justicetxbuilder.justice.RevocationSigner;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.justicetxbuilder.testsupport.Bolt3Vectors;
import dev.vigil.justicetxbuilder.testsupport.Kmp;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.crypto.BlobDecryption;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import fr.acinq.bitcoin.TxId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Channels: what onRevokedCommitment refuses (with nothing stored or sent), what it stores (one
 * durable write per call, whatever the number of towers and appointments), the second-stage
 * appointments of a channel without anchors, the per-channel status, and a close that races a
 * revocation.
 */
class TowerClientChannelsTest {
    private static final ChannelType PLAIN = ChannelType.STATIC_REMOTEKEY;
    private static final ChannelType ANCHORS = ChannelType.ANCHORS;

    private final TestClients f = new TestClients();

    private TowerClient withChannel(ChannelType type) throws Exception {
        TowerClient c = f.open();
        assertEquals(new ChannelResult.Registered(VectorChannel.id(type)), c.registerChannel(VectorChannel.spec(type)));
        return c;
    }

    /**
     * Runs a call that must refuse, and checks that it stored nothing (no write, no pending
     * appointment, the channel's record as it was) and that nothing reaches a tower afterwards.
     */
    private <T extends RevocationResult> T refusedWithNothingStored(TowerClient c, Class<T> expected,
                                                                     Supplier<RevocationResult> call) {
        int syncs = f.memory.syncs();
        int requests = f.requests();
        List<ChannelRecord> channels = c.channels();
        T refused = assertInstanceOf(expected, call.get());
        assertEquals(syncs, f.memory.syncs(), "nothing written for " + refused);
        assertEquals(List.of(), c.pending(f.a.id));
        assertEquals(List.of(), c.pending(f.b.id));
        assertEquals(channels, c.channels());
        assertEquals(requests, f.requests(), "a refusal makes no network call");
        c.flush();
        assertEquals(0, f.a.requestsTo("/add_appointment") + f.b.requestsTo("/add_appointment"), "nothing to send");
        return refused;
    }

    @Test
    void anUnknownChannelIsRefused() throws Exception {
        TowerClient c = withChannel(PLAIN);
        VectorChannel.State s = VectorChannel.state(PLAIN, 42, List.of(OFFERED));
        ChannelId other = VectorChannel.otherSpec(PLAIN).id();
        var r = refusedWithNothingStored(c, RevocationResult.UnknownChannel.class,
                () -> c.onRevokedCommitment(other, s.tx(), s.secret(), s.htlcs(), VectorChannel.FEERATE));
        assertEquals(other, r.channel());
    }

    @Test
    void aClosedChannelTakesNoRevocation() throws Exception {
        TowerClient c = withChannel(PLAIN);
        assertEquals(new CloseResult.Closed(VectorChannel.id(PLAIN)), c.closeChannel(VectorChannel.id(PLAIN)));
        var r = refusedWithNothingStored(c, RevocationResult.ChannelClosed.class,
                () -> VectorChannel.report(c, VectorChannel.state(PLAIN, 42, List.of(OFFERED))));
        assertEquals(VectorChannel.id(PLAIN), r.channel());
        // Still refused after a restart: the close is durable.
        TowerClient reopened = f.open();
        assertInstanceOf(RevocationResult.ChannelClosed.class,
                VectorChannel.report(reopened, VectorChannel.state(PLAIN, 43, List.of())));
    }

    @Test
    void withoutASignerForTheRevocationBasepointNothingIsBuilt() throws Exception {
        f.signers = RevocationSigners.of(new PrivateKey(Bytes.fromHex("11".repeat(32))));
        TowerClient c = withChannel(PLAIN);
        var r = refusedWithNothingStored(c, RevocationResult.NoSigner.class,
                () -> VectorChannel.report(c, VectorChannel.state(PLAIN, 42, List.of(OFFERED))));
        assertEquals(VectorChannel.id(PLAIN), r.channel());
    }

    @Test
    void theSecretOfAnotherStateIsRefused() throws Exception {
        TowerClient c = withChannel(PLAIN);
        VectorChannel.State s = VectorChannel.state(PLAIN, 42, List.of(OFFERED, RECEIVED));
        var r = refusedWithNothingStored(c, RevocationResult.SecretMismatch.class, () -> c.onRevokedCommitment(
                VectorChannel.id(PLAIN), s.tx(), VectorChannel.secret(43), s.htlcs(), VectorChannel.FEERATE));
        assertTrue(r.reason().contains("per-commitment point"), r.reason());
    }

    @Test
    void anHtlcListThatDoesNotMatchTheOutputsIsRefused() throws Exception {
        TowerClient c = withChannel(PLAIN);
        VectorChannel.State s = VectorChannel.state(PLAIN, 42, List.of(OFFERED, RECEIVED, TRIMMED));
        ChannelId id = VectorChannel.id(PLAIN);
        // The state is consistent as given: each variant below breaks one thing.
        Htlc extra = VectorChannel.htlc(Htlc.Direction.OFFERED, 8_000, 4);
        Map<String, List<Htlc>> lists = Map.of(
                "an HTLC output left out of the list", List.of(OFFERED, TRIMMED),
                "an HTLC of the list without an output", List.of(OFFERED, RECEIVED, extra, TRIMMED));
        for (Map.Entry<String, List<Htlc>> e : lists.entrySet()) {
            var r = refusedWithNothingStored(c, RevocationResult.HtlcMismatch.class,
                    () -> c.onRevokedCommitment(id, s.tx(), s.secret(), e.getValue(), VectorChannel.FEERATE));
            assertFalse(r.reason().isEmpty(), e.getKey());
        }
        // At 20,000 sat/kw BOLT 3 trims both HTLCs (their second-stage fee exceeds what is left above
        // the dust limit): outputs for them mean the feerate given is not this state's.
        refusedWithNothingStored(c, RevocationResult.HtlcMismatch.class,
                () -> c.onRevokedCommitment(id, s.tx(), s.secret(), s.htlcs(), 20_000));
        assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, s), "the state as it is");
    }

    @Test
    void whatIsNotACommitmentOfTheChannelIsRefused() throws Exception {
        TowerClient c = withChannel(PLAIN);
        ChannelSpec other = VectorChannel.otherSpec(PLAIN);
        assertEquals(new ChannelResult.Registered(other.id()), c.registerChannel(other));
        VectorChannel.State s = VectorChannel.state(PLAIN, 42, List.of(OFFERED));
        refusedWithNothingStored(c, RevocationResult.NotThisChannel.class,
                () -> c.onRevokedCommitment(other.id(), s.tx(), s.secret(), s.htlcs(), VectorChannel.FEERATE));
        // A real transaction that spends the commitment, not the funding output: an HTLC transaction.
        Bolt3Vectors.Case five = fiveHtlcs();
        Bytes htlcTx = five.htlcTxs().get(0);
        refusedWithNothingStored(c, RevocationResult.NotThisChannel.class, () -> c.onRevokedCommitment(
                VectorChannel.id(PLAIN), htlcTx, s.secret(), List.of(), VectorChannel.FEERATE));
        refusedWithNothingStored(c, RevocationResult.NotThisChannel.class, () -> c.onRevokedCommitment(
                VectorChannel.id(PLAIN), TestClients.justice(1), s.secret(), List.of(), VectorChannel.FEERATE));
    }

    @Test
    void aRevocationIsOneDurableWriteForEveryTowerAndEverySecondStageAppointment() throws Exception {
        TowerClient c = f.open();
        assertEquals(new ChannelResult.Registered(VectorChannel.id(PLAIN)), c.registerChannel(VectorChannel.spec(PLAIN)));
        assertEquals(1, f.memory.syncs(), "registerChannel: one write");
        var q = assertInstanceOf(RevocationResult.Queued.class,
                VectorChannel.report(c, VectorChannel.state(PLAIN, 42, List.of(OFFERED, RECEIVED, TRIMMED))));
        assertEquals(2, q.secondStage().size());
        assertEquals(List.of(f.a.id, f.b.id), q.enqueued().queuedFor());
        assertEquals(3, c.pending(f.a.id).size());
        assertEquals(3, c.pending(f.b.id).size());
        assertEquals(2, f.memory.syncs(), "six appointments and the channel's update: one write");
        assertEquals(new CloseResult.Closed(VectorChannel.id(PLAIN)), c.closeChannel(VectorChannel.id(PLAIN)));
        assertEquals(3, f.memory.syncs(), "closeChannel: one write");
        assertEquals(new CloseResult.Closed(VectorChannel.id(PLAIN)), c.closeChannel(VectorChannel.id(PLAIN)));
        assertEquals(3, f.memory.syncs(), "closing a closed channel writes nothing");
    }

    @Test
    void aFailingStoreRefusesEachChannelCallAndChangesNothing() throws Exception {
        TowerClient c = f.open();
        ChannelId id = VectorChannel.id(PLAIN);
        f.memory.failNextAppends(1);
        assertInstanceOf(ChannelResult.NotStored.class, c.registerChannel(VectorChannel.spec(PLAIN)));
        assertEquals(List.of(), c.channels());
        assertEquals(Optional.empty(), c.channelStatus(id));
        c = f.open();
        assertEquals(List.of(), c.channels(), "nor after a restart");

        assertEquals(new ChannelResult.Registered(id), c.registerChannel(VectorChannel.spec(PLAIN)));
        VectorChannel.State s = VectorChannel.state(PLAIN, 42, List.of(OFFERED, RECEIVED));
        f.memory.failNextAppends(1);
        var r = assertInstanceOf(RevocationResult.NotEnqueued.class, VectorChannel.report(c, s));
        assertInstanceOf(EnqueueResult.NotStored.class, r.result());
        for (TowerClient view : List.of(c, f.open())) {
            assertEquals(List.of(), view.pending(f.a.id));
            assertEquals(List.of(), view.pending(f.b.id));
            assertEquals(List.of(ChannelRecord.registered(VectorChannel.spec(PLAIN))), view.channels());
        }
        c = f.open();
        f.memory.failNextAppends(1);
        assertInstanceOf(CloseResult.NotStored.class, c.closeChannel(id));
        assertFalse(c.channels().get(0).closed());
        c = f.open();
        assertFalse(c.channels().get(0).closed(), "nor after a restart");
        // The store works again: the same calls go through.
        assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, s));
        assertEquals(3, c.pending(f.a.id).size());
        assertEquals(new CloseResult.Closed(id), c.closeChannel(id));
        assertTrue(f.open().channels().get(0).closed());
    }

    private static Bolt3Vectors.Case fiveHtlcs() {
        return Bolt3Vectors.allCases().stream()
                .filter(k -> k.type() == PLAIN && k.name().equals("commitment tx with all five HTLCs untrimmed (minimum feerate)"))
                .findFirst().orElseThrow();
    }

    /**
     * Appendix C's five-HTLC state: one appointment for the commitment and one per HTLC transaction
     * the counterparty could publish, each under its own txid (BOLT 3 gives them without anchors),
     * each decrypting with that txid to a justice transaction that spends the real HTLC transaction.
     */
    @Test
    void aChannelWithoutAnchorsGetsAnAppointmentPerSecondStageTransaction() throws Exception {
        TowerClient c = withChannel(PLAIN);
        Bolt3Vectors.Case five = fiveHtlcs();
        List<Htlc> htlcs = Bolt3Vectors.htlcs().subList(0, 5);
        var q = assertInstanceOf(RevocationResult.Queued.class, VectorChannel.verified(c.onRevokedCommitment(
                VectorChannel.id(PLAIN), five.commitTx(), Bolt3Vectors.perCommitmentSecret(), htlcs, five.feeratePerKw()), five.commitTx()));
        assertEquals(42, q.commitmentNumber());

        Map<TxId, Bytes> htlcTxs = new HashMap<>();
        for (Bytes tx : five.htlcTxs()) {
            htlcTxs.put(Kmp.tx(tx).txid, tx);
        }
        assertEquals(5, htlcTxs.size());
        assertEquals(htlcTxs.keySet(), new HashSet<>(q.secondStage().stream()
                .map(s -> new TxId(s.secondStageTxid().toDisplayHex())).toList()), "the txids of Appendix C's HTLC transactions");
        Map<Txid, Bytes> justiceByDispute = new HashMap<>();
        justiceByDispute.put(q.commitmentTxid(), q.justice().rawTx());
        List<Locator> locators = new ArrayList<>(List.of(q.commitmentTxid().locator()));
        for (RevocationResult.SecondStageAppointment s : q.secondStage()) {
            Kmp.verify(s.justice().rawTx(), htlcTxs.get(new TxId(s.secondStageTxid().toDisplayHex())));
            justiceByDispute.put(s.secondStageTxid(), s.justice().rawTx());
            locators.add(s.secondStageTxid().locator());
        }
        for (FakeTower t : List.of(f.a, f.b)) {
            List<PendingAppointment> p = c.pending(t.id);
            assertEquals(locators, p.stream().map(x -> x.appointment().locator()).toList());
            for (Map.Entry<Txid, Bytes> e : justiceByDispute.entrySet()) {
                PendingAppointment a = p.stream().filter(x -> x.appointment().locator().equals(e.getKey().locator()))
                        .findFirst().orElseThrow();
                var plain = assertInstanceOf(BlobDecryption.Decrypted.class, BlobCipher.decrypt(a.appointment().encryptedBlob(), e.getKey()));
                assertEquals(e.getValue(), plain.plaintext());
                assertEquals(Optional.of(VectorChannel.id(PLAIN)), a.channel());
                assertEquals(Bolt3Vectors.toSelfDelay(), a.appointment().toSelfDelay());
            }
        }
    }

    @Test
    void aChannelWithAnchorsGetsOnlyTheCommitmentsAppointment() throws Exception {
        TowerClient c = withChannel(ANCHORS);
        VectorChannel.State s = VectorChannel.state(ANCHORS, 42, List.of(OFFERED, RECEIVED, TRIMMED));
        var q = assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, s));
        assertEquals(3, q.justice().spends().size(), "to_local and both HTLC outputs");
        assertEquals(List.of(), q.secondStage());
        for (FakeTower t : List.of(f.a, f.b)) {
            assertEquals(List.of(q.commitmentTxid().locator()), c.pending(t.id).stream().map(x -> x.appointment().locator()).toList());
        }
    }

    private static ChannelStatus.PerTower counts(TowerClient c, FakeTower t, ChannelId id) {
        return c.channelStatus(id).orElseThrow().towers().stream().filter(p -> p.tower().equals(t.id)).findFirst().orElseThrow();
    }

    @Test
    void theChannelStatusFollowsDeliveriesFailuresAndTheClose() throws Exception {
        TowerClient c = withChannel(ANCHORS);
        ChannelId id = VectorChannel.id(ANCHORS);
        assertEquals(Optional.empty(), c.channelStatus(VectorChannel.otherSpec(ANCHORS).id()));
        ChannelStatus fresh = c.channelStatus(id).orElseThrow();
        assertEquals(ChannelRecord.registered(VectorChannel.spec(ANCHORS)), fresh.channel());
        assertEquals(List.of(new ChannelStatus.PerTower(f.a.id, 0, 0, 0), new ChannelStatus.PerTower(f.b.id, 0, 0, 0)), fresh.towers());

        assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, VectorChannel.state(ANCHORS, 42, List.of())));
        assertEquals(new ChannelStatus.PerTower(f.a.id, 0, 1, 0), counts(c, f.a, id));
        assertEquals(42, c.channelStatus(id).orElseThrow().channel().highestRevokedNumber());

        f.b.mode = FakeTower.Mode.DOWN;
        c.flush();
        assertEquals(new ChannelStatus.PerTower(f.a.id, 1, 0, 0), counts(c, f.a, id));
        assertEquals(new ChannelStatus.PerTower(f.b.id, 0, 1, 0), counts(c, f.b, id));

        // Reported out of order: the highest number is kept, every state counted.
        assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, VectorChannel.state(ANCHORS, 44, List.of())));
        assertInstanceOf(RevocationResult.Queued.class, VectorChannel.report(c, VectorChannel.state(ANCHORS, 43, List.of())));
        ChannelRecord record = c.channelStatus(id).orElseThrow().channel();
        assertEquals(44, record.highestRevokedNumber());
        assertEquals(3, record.revocations());

        f.a.mode = FakeTower.Mode.REFUSES_APPOINTMENTS;
        f.b.mode = FakeTower.Mode.BAD_RECEIPT_SIGNATURE;
        f.now.addAndGet(TestClients.BACKOFF.max().toMillis());
        c.flush();
        assertEquals(new ChannelStatus.PerTower(f.a.id, 1, 0, 2), counts(c, f.a, id), "refused for good: failed");
        assertEquals(new ChannelStatus.PerTower(f.b.id, 0, 0, 3), counts(c, f.b, id), "waiting for a misbehaving tower: failed");

        assertFalse(record.closed());
        c.closeChannel(id);
        ChannelStatus closed = c.channelStatus(id).orElseThrow();
        assertTrue(closed.channel().closed());
        assertEquals(44, closed.channel().highestRevokedNumber());
        assertEquals(closed, f.open().channelStatus(id).orElseThrow(), "the same after a restart");
    }

    /** A signer that closes the channel while the justice is being signed: the wallet's close racing a revocation. */
    private static RevocationSigners closingWhileSigning(TowerClient[] client, ChannelId id) {
        RevocationSigner real = RevocationSigner.of(Bolt3Vectors.revocationBasepointSecret());
        RevocationSigner closing = new RevocationSigner() {
            @Override
            public PublicKey revocationBasepoint() {
                return real.revocationBasepoint();
            }

            @Override
            public Bytes sign(PrivateKey perCommitmentSecret, Bytes sighash) {
                assertEquals(new CloseResult.Closed(id), client[0].closeChannel(id));
                return real.sign(perCommitmentSecret, sighash);
            }
        };
        return basepoint -> basepoint.equals(closing.revocationBasepoint()) ? Optional.of(closing) : Optional.empty();
    }

    @Test
    void aChannelClosedWhileItsJusticeIsBuiltIsReportedClosedAndNothingIsStored() throws Exception {
        TowerClient[] client = new TowerClient[1];
        ChannelId id = VectorChannel.id(PLAIN);
        f.signers = closingWhileSigning(client, id);
        TowerClient c = withChannel(PLAIN);
        client[0] = c;
        int syncs = f.memory.syncs();
        assertEquals(new RevocationResult.ChannelClosed(id),
                VectorChannel.report(c, VectorChannel.state(PLAIN, 42, List.of(OFFERED, RECEIVED))));
        assertEquals(syncs + 1, f.memory.syncs(), "the close's write only");
        for (TowerClient view : List.of(c, f.open())) {
            assertEquals(List.of(), view.pending(f.a.id));
            assertEquals(List.of(), view.pending(f.b.id));
            ChannelRecord record = view.channels().get(0);
            assertTrue(record.closed());
            assertEquals(0, record.revocations());
        }
    }
}
