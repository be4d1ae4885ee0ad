package dev.vigil.towerserver.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponderTest {
    private static final UserId USER = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");
    private static final long HEIGHT = 800_000;

    private final TowerThread tower = TowerThread.start("test-tower");
    /** What the responder did, in order: "send <penalty>" and "write <penalty>". */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** Each batch's commit, completed by the test: durable only when it says so. */
    private final List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();

    private final TrackerWrites trackerWrites = new TrackerWrites() {
        @Override
        public void putTracker(Tracker tracker) {
            calls.add("write " + tracker.penaltyTx().toHex());
        }

        @Override
        public void forgetTracker(AppointmentId tracker) {
            calls.add("forget " + tracker);
        }
    };
    /** Every {@code within} is a batch of its own, committed when the test completes its future. */
    private final WriteScope scope = batch -> {
        batch.run();
        CompletableFuture<Void> commit = new CompletableFuture<>();
        writes.add(commit);
        return commit;
    };
    private final Carrier carrier = raw -> {
        calls.add("send " + raw.toHex());
        return CompletableFuture.completedFuture(new BroadcastOutcome.Accepted());
    };

    @AfterEach
    void stop() {
        tower.close();
    }

    private static Tracker breach(int n) {
        Txid dispute = Txid.ofInternal(filled(32, n));
        Locator locator = Locator.of(dispute);
        return new Tracker(AppointmentId.of(locator, USER), USER, locator, 1, dispute, Bytes.of(filled(60, n)),
                Txid.ofInternal(filled(32, 100 + n)), Bytes.of(filled(82, 100 + n)), HEIGHT, new Tracker.Status.Unsent(HEIGHT, "new"));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void everyPenaltyOfABlockIsSentBeforeAnyOfItsWritesAndTheBlockIsDoneOnlyWhenTheyAreDurable() throws Exception {
        Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(3, 2)), trackerWrites, scope, carrier, tower,
                (tracker, refund) -> { }, List.of(), HEIGHT);
        List<Tracker> breaches = List.of(breach(1), breach(2), breach(3));

        CompletableFuture<Void> done = CompletableFuture.supplyAsync(() -> responder.handleBreaches(breaches), tower)
                .thenCompose(s -> s).toCompletableFuture();
        // Every write of the batch was queued within the task that sent the penalties.
        CompletableFuture.runAsync(() -> { }, tower).get(10, TimeUnit.SECONDS);

        List<String> sends = new ArrayList<>();
        List<String> firstWrites = new ArrayList<>();
        for (Tracker t : breaches) {
            sends.add("send " + t.penaltyTx().toHex());
            firstWrites.add("write " + t.penaltyTx().toHex());
        }
        // A copy: the carrier's answers come back as events on the tower thread and add their own
        // writes behind these, while the test reads.
        List<String> seen = new ArrayList<>(calls);
        assertEquals(sends, seen.subList(0, 3), "the penalties go first, in the block's order");
        assertEquals(firstWrites, seen.subList(3, 6), "then the trackers' writes, in the same order");
        assertFalse(done.isDone(), "not done while the batch is not durable");

        writes.forEach(w -> w.complete(null));
        done.get(10, TimeUnit.SECONDS);
        assertTrue(done.isDone());
    }

    @Test
    void theObserverSeesEachNewBreachOnceEveryTransitionAndTheStateCountsFollow() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        TrackerObserver observer = (before, after) -> {
            tower.checkOwner("observing");
            seen.add(before.map(t -> TrackerState.of(t.status()).label()).orElse("new") + " -> "
                    + after.map(t -> TrackerState.of(t.status()).label()).orElse("forgotten"));
        };
        Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(3, 2)), trackerWrites, scope, carrier, tower,
                (tracker, refund) -> { }, List.of(), HEIGHT, observer);
        Tracker t = breach(1);
        CompletableFuture.supplyAsync(() -> responder.handleBreaches(List.of(t)), tower).get(10, TimeUnit.SECONDS);
        writes.forEach(w -> w.complete(null));
        // The carrier accepted it: the answer comes back as a transition on the tower thread.
        dev.vigil.towerprotocol.testsupport.Await.until("the carrier's answer applied", () -> seen.size() >= 2);
        assertEquals(List.of("new -> unsent", "unsent -> in_mempool"), seen);
        java.util.Map<TrackerState, Integer> counts = CompletableFuture.supplyAsync(responder::countByState, tower)
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, counts.get(TrackerState.IN_MEMPOOL));
        assertEquals(0, counts.get(TrackerState.UNSENT));
        assertEquals(TrackerState.values().length, counts.size(), "every state, zeros included");

        // The same breach again (the block replayed): no new breach for the observer.
        CompletableFuture.supplyAsync(() -> responder.handleBreaches(List.of(t)), tower).get(10, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> { }, tower).get(10, TimeUnit.SECONDS);
        assertEquals(2, seen.size(), seen.toString());
    }
}
