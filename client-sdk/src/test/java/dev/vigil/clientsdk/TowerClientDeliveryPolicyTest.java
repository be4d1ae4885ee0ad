package dev.vigil.clientsdk;

import static dev.vigil.clientsdk.TestClients.DELAY;
import static dev.vigil.clientsdk.TestClients.justice;
import static dev.vigil.clientsdk.TestClients.txid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.outbox.PendingAppointment;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.crypto.BlobDecryption;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a flush tops a subscription up, how a tower's backoff outlives a restart, and purging refused appointments. */
class TowerClientDeliveryPolicyTest {
    private final TestClients f = new TestClients();

    private static void enqueue(TowerClient c, int n) {
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(n), justice(n), DELAY));
    }

    @Test
    void aFlushTopsUpOnceTheSlotsLeftFallBelowTheThreshold() throws Exception {
        // FakeTower grants SLOTS slots and answers each appointment with SLOTS minus what it holds.
        f.topUp = new TowerClient.TopUp(FakeTower.SLOTS - 1, 0);
        TowerClient c = f.open();
        enqueue(c, 1);
        c.flush();
        assertEquals(1, f.a.requestsTo("/register"), "the first flush registers");
        assertEquals(FakeTower.SLOTS - 1, c.status(f.a.id).subscription().orElseThrow().availableSlots());
        enqueue(c, 2);
        c.flush();
        assertEquals(1, f.a.requestsTo("/register"), "SLOTS - 1 left is not below SLOTS - 1");
        assertEquals(FakeTower.SLOTS - 2, c.status(f.a.id).subscription().orElseThrow().availableSlots());
        // Below the threshold: the next flush tops up first, even with nothing to deliver.
        FlushReport report = c.flush();
        assertEquals(new FlushReport.TowerFlush(f.a.id, 0, 0, new FlushReport.Outcome.Done()), report.of(f.a.id));
        assertEquals(2, f.a.requestsTo("/register"));
        assertEquals(2, f.b.requestsTo("/register"));
        assertEquals(FakeTower.SLOTS, c.status(f.a.id).subscription().orElseThrow().availableSlots());
    }

    @Test
    void aFlushTopsUpOnceTheSubscriptionIsWithinTheBlocksBeforeItsExpiry() throws Exception {
        f.topUp = new TowerClient.TopUp(0, 1_008);
        TowerClient c = f.open();
        c.flush();
        long expiry = FakeTower.TIP + FakeTower.DURATION;
        assertEquals(new Subscription(FakeTower.SLOTS, FakeTower.TIP, expiry), c.status(f.a.id).subscription().orElseThrow());
        // The SDK learns the height from receipts' start_block: 1,008 blocks left is not fewer than 1,008.
        f.a.tip = expiry - 1_008;
        enqueue(c, 1);
        c.flush();
        c.flush();
        assertEquals(1, f.a.requestsTo("/register"));
        // One block later: fewer than 1,008 left, so the next flush renews from the tower's tip.
        f.a.tip = expiry - 1_007;
        enqueue(c, 2);
        c.flush();
        assertEquals(1, f.a.requestsTo("/register"), "the receipt that tells the height comes after this flush's check");
        c.flush();
        assertEquals(2, f.a.requestsTo("/register"));
        assertEquals(new Subscription(FakeTower.SLOTS, f.a.tip, f.a.tip + FakeTower.DURATION),
                c.status(f.a.id).subscription().orElseThrow());
        c.flush();
        assertEquals(2, f.a.requestsTo("/register"), "renewed: no more top-ups");
        // b's tip never moved: it was never topped up.
        assertEquals(1, f.b.requestsTo("/register"));
        // The height known survives a restart: a reopened client does not top up again either.
        f.open().flush();
        assertEquals(2, f.a.requestsTo("/register"));
    }

    @Test
    void aTowerThatFailedIsNotRetriedByAReopenedClientBeforeItsBackoffElapses() throws Exception {
        TowerClient c = f.open();
        f.a.mode = FakeTower.Mode.DOWN;
        enqueue(c, 1);
        var later = assertInstanceOf(FlushReport.Outcome.RetryLater.class, c.flush().of(f.a.id).outcome());
        assertTrue(later.notBeforeMillis() > f.now.get(), later.toString());
        int tried = f.a.requestCount();
        f.a.mode = FakeTower.Mode.OK;

        // A new process on the same log, the tower back up, the clock just short of the deadline.
        f.now.set(later.notBeforeMillis() - 1);
        TowerClient reopened = f.open();
        assertEquals(later.notBeforeMillis(), reopened.status(f.a.id).notBeforeMillis());
        assertEquals(1, reopened.status(f.a.id).failures());
        assertInstanceOf(FlushReport.Outcome.NotContacted.class, reopened.flush().of(f.a.id).outcome());
        assertEquals(tried, f.a.requestCount(), "not contacted before its backoff elapsed");

        f.now.set(later.notBeforeMillis());
        reopened = f.open();
        assertEquals(new FlushReport.TowerFlush(f.a.id, 1, 0, new FlushReport.Outcome.Done()), reopened.flush().of(f.a.id));
        assertEquals(0, reopened.status(f.a.id).failures());
        assertEquals(0, f.open().status(f.a.id).notBeforeMillis(), "the answer cleared the backoff durably");
    }

    @Test
    void refusedAppointmentsAreReportedThenPurgedForGood() throws Exception {
        TowerClient c = f.open();
        f.a.mode = FakeTower.Mode.REFUSES_APPOINTMENTS;
        enqueue(c, 1);
        enqueue(c, 2);
        assertEquals(new FlushReport.TowerFlush(f.a.id, 0, 2, new FlushReport.Outcome.Done()), c.flush().of(f.a.id));
        assertEquals(2, c.status(f.a.id).rejected());
        assertEquals(2, c.status(f.a.id).pending());
        for (PendingAppointment p : c.pending(f.a.id)) {
            assertTrue(p.rejection().orElseThrow().contains("APPOINTMENT_FIELD_TOO_BIG"), p.toString());
        }
        f.a.mode = FakeTower.Mode.OK;
        enqueue(c, 3); // not refused: it stays

        int syncs = f.memory.syncs();
        assertEquals(2, c.purgeRejected(f.a.id));
        assertEquals(syncs + 1, f.memory.syncs(), "one write");
        assertEquals(List.of(txid(3).locator()), c.pending(f.a.id).stream().map(p -> p.appointment().locator()).toList());
        assertEquals(0, c.status(f.a.id).rejected());
        assertEquals(0, c.purgeRejected(f.a.id), "nothing left to purge");
        assertEquals(0, c.purgeRejected(f.b.id), "b refused nothing");
        assertEquals(syncs + 1, f.memory.syncs(), "a purge of nothing writes nothing");

        TowerClient reopened = f.open();
        assertEquals(c.pending(f.a.id), reopened.pending(f.a.id), "the purge survives a restart");
        assertEquals(0, reopened.status(f.a.id).rejected());
        assertEquals(2, reopened.receipts(f.b.id).size(), "b's receipts untouched");
    }

    /**
     * An appointment re-enqueued under a locator whose older version is on its way to the tower
     * (the wallet re-reports a state, or hands a new justice, while a flush sends): the older
     * version's receipt must not remove the newer one from the outbox: the newer still reaches the tower.
     */
    @Test
    void anAppointmentReplacedWhileItsOlderVersionIsSentIsStillDelivered() throws Exception {
        TowerClient[] client = new TowerClient[1];
        boolean[] replaced = new boolean[1];
        Transport towers = f.transport;
        f.transport = (url, body) -> {
            if (url.getPath().equals("/add_appointment") && url.getHost().startsWith("a.") && !replaced[0]) {
                replaced[0] = true; // the request for the first version is on its way
                enqueue(client[0], 1, 9);
            }
            return towers.post(url, body);
        };
        TowerClient c = f.open();
        client[0] = c;
        enqueue(c, 1, 1);
        c.flush();
        assertTrue(replaced[0]);
        // The first version's receipt did not take the replacement out: the same flush sent it next.
        assertEquals(justice(9), heldBy(f.a, c), "the tower holds the replacement");
        assertEquals(0, c.pending(f.a.id).size());
        List<ReceiptProof> receipts = c.receipts(f.a.id);
        assertEquals(2, receipts.size(), "a receipt for each version, as proof");
        assertEquals(List.of(justice(1), justice(9)), receipts.stream().map(r -> assertInstanceOf(BlobDecryption.Decrypted.class,
                BlobCipher.decrypt(r.appointment().encryptedBlob(), txid(1))).plaintext()).toList());
    }

    /** The justice {@code tower} holds for dispute 1. */
    private static Bytes heldBy(FakeTower tower, TowerClient c) {
        var held = tower.watched.get(c.userId(tower.id)).get(txid(1).locator());
        return assertInstanceOf(BlobDecryption.Decrypted.class, BlobCipher.decrypt(held.encryptedBlob(), txid(1))).plaintext();
    }

    private static void enqueue(TowerClient c, int dispute, int tx) {
        assertInstanceOf(EnqueueResult.Enqueued.class, c.addAppointment(txid(dispute), justice(tx), DELAY));
    }
}
