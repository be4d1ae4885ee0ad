package dev.vigil.towerserver.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventCodec;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorEvent.FailureReason;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Head;
import dev.vigil.towerprotocol.monitor.MonitorEvent.Justice;
import dev.vigil.towerprotocol.monitor.MonitorEvent.PenaltyState;
import dev.vigil.towerprotocol.monitor.Outpoint;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerNews.Kind;
import dev.vigil.towerserver.responder.TrackerNews.News;
import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.tower.TowerThread;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The event log on a real tower thread over a recording batch (docs/monitoring.md 2.2, 2.3, 3.2):
 * who gets a log, the cursors it hands out, the head and body of every event it makes from the
 * responder's news, and what it adds to the batch.
 */
class EventLogTest {
    private static final TowerId TOWER = TowerId.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    private static final UserId ALICE = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");
    private static final UserId BOB = UserId.fromHex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
    private static final Txid DISPUTE = Txid.fromDisplayHex("35af2c90e84decff1c178c6d600bc0e9de29af15a11b3711db623f960f24ae11");
    private static final Txid PENALTY = Txid.fromDisplayHex("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e");
    private static final Txid SPENDER = Txid.fromDisplayHex("b7d0000000000000000000000000000000000000000000000000000000000042");
    private static final BlockHash START_HASH = hash(0x10);
    private static final BlockHash HASH = hash(0x20);
    private static final long START_HEIGHT = 812_000;
    private static final long NOW_MS = 1_796_214_000_000L;
    private static final EventBounds BOUNDS = new EventBounds(50, 100_000, 100);
    private static final Justice JUSTICE = new Justice(DISPUTE.locator(), DISPUTE, PENALTY);

    private final TowerThread tower = TowerThread.start("test-tower");
    private final RecordingWrites writes = new RecordingWrites();
    private final EventLog log = log(List.of());

    /** What the log added to the batch, in call order. */
    sealed interface Write {}

    record Enroll(UserId user) implements Write {}

    record Append(StoredEvent event, EventBounds bounds) implements Write {}

    record Prune(long belowHeight, int max) implements Write {}

    /** The batch's monitoring writes, recorded (the log calls them on the tower thread only). */
    static final class RecordingWrites implements MonitorWrites {
        private final List<Write> calls = new ArrayList<>();

        @Override
        public void enrollUser(UserId user) {
            calls.add(new Enroll(user));
        }

        @Override
        public void appendEvent(StoredEvent event, EventBounds bounds) {
            calls.add(new Append(event, bounds));
        }

        @Override
        public void pruneEventsBelow(long belowHeight, int max) {
            calls.add(new Prune(belowHeight, max));
        }
    }

    @AfterEach
    void stop() {
        tower.close();
    }

    private EventLog log(Collection<MonitoredUser> loaded) {
        return new EventLog(TOWER, tower, writes, BOUNDS, () -> NOW_MS, loaded, START_HEIGHT, START_HASH);
    }

    private static BlockHash hash(int first) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (first + i);
        }
        return new BlockHash(Bytes.of(b));
    }

    private static Tracker tracker(UserId user) {
        return new Tracker(AppointmentId.of(DISPUTE.locator(), user), user, DISPUTE.locator(), 1, DISPUTE, Bytes.fromHex("01"),
                PENALTY, Bytes.fromHex("02"), 812_345, new Tracker.Status.Unsent(812_345, "new")).withToSelfDelay(144);
    }

    /** Runs {@code call} on the tower thread and returns what it returned (or throws what it threw). */
    private <T> T on(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, tower).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private void run(Runnable call) {
        on(() -> {
            call.run();
            return null;
        });
    }

    private List<Write> written() {
        return on(() -> List.copyOf(writes.calls));
    }

    private long announce(UserId user, News news) {
        return on(() -> log.announce(tracker(user), news));
    }

    /** The events appended so far, in order. */
    private List<StoredEvent> appended() {
        return written().stream().filter(w -> w instanceof Append).map(w -> ((Append) w).event()).toList();
    }

    private static MonitorEvent decoded(StoredEvent e) {
        return EventCodec.decode(e.c().toArray()).orElseThrow();
    }

    /** The head the event at {@code cursor} of {@code user} made at {@code height} in block {@link #HASH} has. */
    private static Head head(UserId user, long cursor, long height) {
        return new Head(cursor, EventId.of(TOWER, user, cursor), user, height, HASH);
    }

    /** Announces {@code news} for Alice (enrolled, her next cursor {@code cursor}) at {@code height}; the event made. */
    private MonitorEvent announcedAt(long height, News news, long cursor) {
        run(() -> log.at(height, HASH));
        assertEquals(cursor, announce(ALICE, news), news.toString());
        List<StoredEvent> all = appended();
        StoredEvent last = all.get(all.size() - 1);
        assertEquals(cursor, last.cursor());
        assertEquals(height, last.height(), "the event's height is the block in hand");
        MonitorEvent e = decoded(last);
        assertEquals(e.type(), last.type(), "the stored type is the event's");
        return e;
    }

    // ------------------------------------------------------------------ who has a log

    @Test
    void aUserWhoNeverEnrolledGetsCursorZeroAndNothingIsWritten() {
        assertEquals(0, announce(ALICE, new News.BreachSeen(812_489)));
        assertEquals(0, announce(ALICE, new News.Retracted(1, Kind.BREACH_SEEN)));
        boolean[] made = new boolean[1];
        assertEquals(0L, on(() -> log.append(ALICE, head -> {
            made[0] = true;
            return new MonitorEvent.SlotsLow(head, 99, 100);
        })));
        assertFalse(made[0], "no event is even made for a user without a log");
        run(() -> log.blockConnected(1_000_000));
        assertEquals(List.of(), written());
        assertFalse(on(() -> log.monitors(ALICE)));
        assertEquals(0, on(log::size));
    }

    @Test
    void enrollingWritesTheUsersRecordOnceAndAgainNothing() {
        run(() -> log.enroll(ALICE));
        run(() -> log.enroll(ALICE));
        assertEquals(List.of(new Enroll(ALICE)), written());
        assertTrue(on(() -> log.monitors(ALICE)));
        assertFalse(on(() -> log.monitors(BOB)));
        assertEquals(1, on(log::size));
        // Enrolling again after events does not start the log over.
        assertEquals(1, announce(ALICE, new News.InMempool()));
        run(() -> log.enroll(ALICE));
        assertEquals(2, announce(ALICE, new News.InMempool()));
        assertEquals(1, written().stream().filter(w -> w instanceof Enroll).count());
    }

    // ------------------------------------------------------------------ cursors

    @Test
    void cursorsCountFromOneInOrderAndEachUserHasItsOwn() {
        run(() -> {
            log.enroll(ALICE);
            log.enroll(BOB);
        });
        assertEquals(1, announce(ALICE, new News.JusticeBroadcast()));
        assertEquals(2, announce(ALICE, new News.InMempool()));
        assertEquals(1, announce(BOB, new News.JusticeBroadcast()));
        assertEquals(3, announce(ALICE, new News.Rejected()));
        assertEquals(2, announce(BOB, new News.InMempool()));
        assertEquals(List.of("alice 1", "alice 2", "bob 1", "alice 3", "bob 2"), appended().stream()
                .map(e -> (e.user().equals(ALICE) ? "alice " : "bob ") + e.cursor()).toList());
        for (StoredEvent e : appended()) {
            assertEquals(e.cursor(), decoded(e).head().cursor());
            assertEquals(e.user(), decoded(e).head().userId());
            assertEquals(EventId.of(TOWER, e.user(), e.cursor()), decoded(e).head().id());
        }
    }

    @Test
    void loadedUsersContinueFromTheirNextCursorWithoutBeingEnrolledAgain() {
        EventLog loaded = log(List.of(new MonitoredUser(ALICE, 42), new MonitoredUser(BOB, 1)));
        assertTrue(on(() -> loaded.monitors(ALICE)));
        assertEquals(2, on(loaded::size));
        run(() -> loaded.enroll(ALICE));
        assertEquals(42, on(() -> loaded.announce(tracker(ALICE), new News.JusticeBroadcast())));
        assertEquals(43, on(() -> loaded.announce(tracker(ALICE), new News.InMempool())));
        assertEquals(1, on(() -> loaded.announce(tracker(BOB), new News.InMempool())));
        assertEquals(List.of(), written().stream().filter(w -> w instanceof Enroll).toList(), "a loaded user already has its record");
        // A retraction names an event of the loaded log, from before the restart.
        assertEquals(44, on(() -> loaded.announce(tracker(ALICE), new News.Retracted(40, Kind.BREACH_SEEN))));
    }

    @Test
    void eachEventIsStoredWithItsHeadTheBlockInHandTheClockAndTheBounds() {
        run(() -> log.enroll(ALICE));
        // Before any at(): the tip the log was built with.
        assertEquals(1, announce(ALICE, new News.JusticeBroadcast()));
        run(() -> log.at(812_345, HASH));
        assertEquals(2, announce(ALICE, new News.BreachSeen(812_489)));
        List<Write> w = written();
        assertEquals(3, w.size());
        Append first = assertInstanceOf(Append.class, w.get(1));
        Append second = assertInstanceOf(Append.class, w.get(2));
        assertEquals(BOUNDS, first.bounds());
        assertEquals(BOUNDS, second.bounds());
        assertEquals(new StoredEvent(ALICE, 1, EventType.JUSTICE_BROADCAST, START_HEIGHT, NOW_MS, first.event().c()), first.event());
        assertEquals(new MonitorEvent.JusticeBroadcast(new Head(1, EventId.of(TOWER, ALICE, 1), ALICE, START_HEIGHT, START_HASH), JUSTICE),
                decoded(first.event()));
        assertEquals(new StoredEvent(ALICE, 2, EventType.BREACH_SEEN, 812_345, NOW_MS, second.event().c()), second.event());
        MonitorEvent.BreachSeen seen = new MonitorEvent.BreachSeen(head(ALICE, 2, 812_345), JUSTICE, 144, 812_489);
        assertEquals(seen, decoded(second.event()));
        // C is exactly what the codec writes for that event (the bytes that are signed and delivered).
        assertEquals(EventCodec.encode(seen), second.event().c());
    }

    @Test
    void appendHandsTheMakerTheHeadOfTheNextCursor() {
        run(() -> {
            log.enroll(BOB);
            log.at(812_400, HASH);
        });
        List<Head> heads = new ArrayList<>();
        assertEquals(1L, on(() -> log.append(BOB, h -> {
            heads.add(h);
            return new MonitorEvent.SlotsLow(h, 99, 100);
        })));
        assertEquals(List.of(head(BOB, 1, 812_400)), heads);
        assertEquals(new MonitorEvent.SlotsLow(head(BOB, 1, 812_400), 99, 100), decoded(appended().get(0)));
        assertEquals(EventType.SLOTS_LOW, appended().get(0).type());
    }

    // ------------------------------------------------------------------ news → events

    @Test
    void everyNewsOfTheResponderBecomesItsEvent() {
        run(() -> log.enroll(ALICE));
        assertEquals(new MonitorEvent.BreachSeen(head(ALICE, 1, 812_345), JUSTICE, 144, 812_489),
                announcedAt(812_345, new News.BreachSeen(812_489), 1));
        assertEquals(new MonitorEvent.JusticeBroadcast(head(ALICE, 2, 812_345), JUSTICE),
                announcedAt(812_345, new News.JusticeBroadcast(), 2));
        assertEquals(new MonitorEvent.JusticeInMempool(head(ALICE, 3, 812_345), JUSTICE),
                announcedAt(812_345, new News.InMempool(), 3));
        // depth = height - confirmed_height + 1: 1 in the penalty's own block, more for a confirmation learnt later.
        assertEquals(new MonitorEvent.JusticeConfirmed(head(ALICE, 4, 812_346), JUSTICE, 812_346, 1),
                announcedAt(812_346, new News.Confirmed(812_346), 4));
        assertEquals(new MonitorEvent.JusticeConfirmed(head(ALICE, 5, 812_348), JUSTICE, 812_346, 3),
                announcedAt(812_348, new News.Confirmed(812_346), 5));
        assertEquals(new MonitorEvent.JusticeDepth(head(ALICE, 6, 812_351), JUSTICE, 812_346, 6),
                announcedAt(812_351, new News.Depth(812_346, 6), 6));
        assertEquals(new MonitorEvent.JusticeIrrevocable(head(ALICE, 7, 812_445), JUSTICE, 812_346, 100, 3),
                announcedAt(812_445, new News.Irrevocable(812_346, 100, 3), 7));
        // The foreign spend names the dispute's output it spent.
        assertEquals(new MonitorEvent.JusticeFailed(head(ALICE, 8, 812_350), FailureReason.INPUTS_SPENT, JUSTICE,
                Optional.of(new MonitorEvent.ForeignSpend(SPENDER, new Outpoint(DISPUTE, 2)))),
                announcedAt(812_350, new News.InputsSpent(Optional.of(new Tracker.ForeignSpend(SPENDER, 2))), 8));
        assertEquals(new MonitorEvent.JusticeFailed(head(ALICE, 9, 812_350), FailureReason.INPUTS_SPENT, JUSTICE, Optional.empty()),
                announcedAt(812_350, new News.InputsSpent(Optional.empty()), 9));
        assertEquals(new MonitorEvent.JusticeFailed(head(ALICE, 10, 812_350), FailureReason.REJECTED, JUSTICE, Optional.empty()),
                announcedAt(812_350, new News.Rejected(), 10));
        assertEquals(new MonitorEvent.DeadlineAtRisk(head(ALICE, 11, 812_483), JUSTICE, 812_489, 6, PenaltyState.UNSENT),
                announcedAt(812_483, new News.DeadlineAtRisk(812_489, 6, TrackerState.UNSENT), 11));
        assertEquals(new MonitorEvent.DeadlineAtRisk(head(ALICE, 12, 812_484), JUSTICE, 812_489, 5, PenaltyState.IN_MEMPOOL),
                announcedAt(812_484, new News.DeadlineAtRisk(812_489, 5, TrackerState.IN_MEMPOOL), 12));
        // A retraction's height is the block leaving the chain; it names the event by id, cursor and type.
        assertEquals(new MonitorEvent.Retracted(head(ALICE, 13, 812_345), EventId.of(TOWER, ALICE, 1), 1, EventType.BREACH_SEEN),
                announcedAt(812_345, new News.Retracted(1, Kind.BREACH_SEEN), 13));
        assertEquals(new MonitorEvent.Retracted(head(ALICE, 14, 812_346), EventId.of(TOWER, ALICE, 4), 4, EventType.JUSTICE_CONFIRMED),
                announcedAt(812_346, new News.Retracted(4, Kind.JUSTICE_CONFIRMED), 14));
        assertEquals(new MonitorEvent.Retracted(head(ALICE, 15, 812_350), EventId.of(TOWER, ALICE, 8), 8, EventType.JUSTICE_FAILED),
                announcedAt(812_350, new News.Retracted(8, Kind.JUSTICE_FAILED), 15));
        assertEquals(15, appended().size(), "one event per news");
    }

    @Test
    void aRetractionOfACursorTheLogHasNotReachedIsNotWritten() {
        run(() -> log.enroll(ALICE));
        assertEquals(1, announce(ALICE, new News.BreachSeen(812_489)));
        List<Write> before = written();
        // The log was deleted with its user and begun again: cursor 2 or 7 is not in this log.
        assertEquals(0, announce(ALICE, new News.Retracted(2, Kind.BREACH_SEEN)));
        assertEquals(0, announce(ALICE, new News.Retracted(7, Kind.JUSTICE_CONFIRMED)));
        assertEquals(before, written());
        assertEquals(2, announce(ALICE, new News.Retracted(1, Kind.BREACH_SEEN)), "the cursor was not used up");
    }

    @Test
    void anEventThatCannotBeMadeIsLoggedAndLeftOutWithoutThrowing() {
        run(() -> {
            log.enroll(ALICE);
            log.at(812_351, HASH);
        });
        List<Write> before = written();
        try (LogCapture logs = LogCapture.of(EventLog.class)) {
            // A deadline below 0 is no u32 height, and a depth that is not height - confirmed + 1 is
            // refused by the event's record: both are bugs upstream, which must not fail the block.
            assertEquals(0, announce(ALICE, new News.BreachSeen(-1)));
            assertEquals(0, announce(ALICE, new News.Depth(812_346, 7)));
            assertEquals(2, logs.messages(Level.SEVERE, "could not be made").size(), logs.messages(Level.SEVERE).toString());
        }
        assertEquals(before, written());
        assertEquals(1, announce(ALICE, new News.Depth(812_346, 6)), "a failed event uses no cursor");
    }

    // ------------------------------------------------------------------ blocks and users

    @Test
    void aBlockPrunesByAgeOnlyAboveTheBoundAndOnlyWhenSomeoneHasALog() {
        run(() -> log.blockConnected(5_000));
        assertEquals(List.of(), written(), "nobody has a log: nothing to prune");
        run(() -> log.enroll(ALICE));
        run(() -> log.blockConnected(BOUNDS.maxAgeBlocks() - 1));
        run(() -> log.blockConnected(BOUNDS.maxAgeBlocks()));
        assertEquals(List.of(new Enroll(ALICE)), written(), "no block is old enough yet");
        run(() -> log.blockConnected(BOUNDS.maxAgeBlocks() + 1));
        run(() -> log.blockConnected(5_000));
        assertEquals(List.of(new Enroll(ALICE), new Prune(1, EventLog.MAX_AGE_PRUNES_PER_BLOCK),
                new Prune(5_000 - BOUNDS.maxAgeBlocks(), EventLog.MAX_AGE_PRUNES_PER_BLOCK)), written());
        run(() -> log.forget(List.of(ALICE)));
        run(() -> log.blockConnected(5_001));
        assertEquals(3, written().size(), "the last log is gone: nothing to prune");
    }

    @Test
    void forgottenUsersHaveNoLogAndTheOthersGoOn() {
        run(() -> {
            log.enroll(ALICE);
            log.enroll(BOB);
        });
        assertEquals(1, announce(ALICE, new News.JusticeBroadcast()));
        assertEquals(1, announce(BOB, new News.JusticeBroadcast()));
        List<Write> before = written();
        run(() -> log.forget(List.of(ALICE)));
        assertEquals(before, written(), "the store deletes the log with the user: the log writes nothing");
        assertFalse(on(() -> log.monitors(ALICE)));
        assertEquals(1, on(log::size));
        assertEquals(0, announce(ALICE, new News.InMempool()));
        assertEquals(2, announce(BOB, new News.InMempool()));
        // Enrolled again, the user's log begins again at 1.
        run(() -> log.enroll(ALICE));
        assertEquals(1, announce(ALICE, new News.InMempool()));
    }

    @Test
    void everyMethodOffTheTowerThreadIsRefused() {
        run(() -> log.enroll(ALICE));
        List<Write> before = written();
        List<Executable> calls = List.of(
                () -> log.at(812_400, HASH),
                () -> log.monitors(ALICE),
                log::size,
                () -> log.enroll(BOB),
                () -> log.forget(List.of(ALICE)),
                () -> log.blockConnected(5_000),
                () -> log.append(ALICE, h -> new MonitorEvent.SlotsLow(h, 99, 100)),
                () -> log.announce(tracker(ALICE), new News.InMempool()));
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("must run on test-tower"), e.getMessage());
        }
        assertEquals(before, written());
        assertTrue(on(() -> log.monitors(ALICE)), "nothing changed");
        assertEquals(1, announce(ALICE, new News.InMempool()), "the refused calls used no cursor");
        assertEquals(START_HEIGHT, appended().get(0).height(), "the refused at() did not move the block");
    }
}
