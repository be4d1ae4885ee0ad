package dev.vigil.towerserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.Tracker;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentBreachesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RecentBreaches ring = new RecentBreaches(3, now::get);

    static Tracker breach(int n, long height) {
        UserId id = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");
        Txid dispute = Txid.ofInternal(filled(32, n));
        Locator locator = Locator.of(dispute);
        return new Tracker(AppointmentId.of(locator, id), id, locator, 1, dispute, Bytes.of(filled(60, n)),
                Txid.ofInternal(filled(32, 100 + n)), Bytes.of(filled(82, 100 + n)), height, new Tracker.Status.Unsent(height, "new"));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aNewBreachIsCountedAndListedWithItsTxidsInDisplayOrder() {
        Tracker t = breach(1, 120);
        ring.changed(Optional.empty(), Optional.of(t));
        assertEquals(1, ring.seen());
        assertEquals(List.of(new RecentBreaches.Entry(120, t.disputeTxid().toDisplayHex(), t.penaltyTxid().toDisplayHex(), "unsent",
                1_000, 1_000)), ring.snapshot());
    }

    @Test
    void aTransitionUpdatesTheEntryAndWhenItsStateChangedAndTheEndIsResolved() {
        Tracker t = breach(1, 120);
        ring.changed(Optional.empty(), Optional.of(t));
        List<RecentBreaches.Entry> first = ring.snapshot();
        now.set(2_000);
        ring.changed(Optional.of(t), Optional.of(t)); // a block with nothing new: same snapshot
        assertSame(first, ring.snapshot());
        Tracker inMempool = t.withStatus(new Tracker.Status.InMempool(120, 120));
        ring.changed(Optional.of(t), Optional.of(inMempool));
        assertEquals("in_mempool", ring.snapshot().get(0).state());
        assertEquals(2_000, ring.snapshot().get(0).changedMillis());
        now.set(3_000);
        Tracker confirmed = inMempool.withStatus(new Tracker.Status.Confirmed(121));
        ring.changed(Optional.of(inMempool), Optional.of(confirmed));
        ring.changed(Optional.of(confirmed), Optional.empty());
        RecentBreaches.Entry e = ring.snapshot().get(0);
        assertEquals(RecentBreaches.RESOLVED, e.state());
        assertEquals(1_000, e.seenMillis());
        assertEquals(3_000, e.changedMillis());
        assertEquals(1, ring.seen(), "transitions are not breaches");
    }

    @Test
    void theRingKeepsTheNewestAndIgnoresTrackersItDoesNotHold() {
        for (int n = 1; n <= 5; n++) {
            ring.changed(Optional.empty(), Optional.of(breach(n, 100 + n)));
        }
        assertEquals(5, ring.seen());
        assertEquals(List.of(103L, 104L, 105L), ring.snapshot().stream().map(RecentBreaches.Entry::height).toList());
        List<RecentBreaches.Entry> before = ring.snapshot();
        Tracker old = breach(1, 101); // pushed out (or loaded at start): not listed again
        ring.changed(Optional.of(old), Optional.of(old.withStatus(new Tracker.Status.Confirmed(110))));
        assertSame(before, ring.snapshot());
        assertThrows(UnsupportedOperationException.class, () -> ring.snapshot().clear());
    }

    @Test
    void aTrackerGivenUpAtOnceIsNeitherCountedNorListed() {
        ring.changed(Optional.empty(), Optional.empty());
        assertEquals(0, ring.seen());
        assertEquals(List.of(), ring.snapshot());
    }
}
