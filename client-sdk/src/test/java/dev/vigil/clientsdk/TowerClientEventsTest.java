package dev.vigil.clientsdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorRequests;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulling monitoring events (docs/monitoring.md 5.2, 6.1) from {@link FakeTower}, which signs them with its real key. */
class TowerClientEventsTest {
    private final TestClients t = new TestClients();

    @TempDir
    Path dir;

    private static MonitorEvent.Justice justice(int n) {
        return new MonitorEvent.Justice(TestClients.txid(n).locator(), TestClients.txid(n), TestClients.txid(100 + n));
    }

    private static MonitorEvent breachSeen(MonitorEvent.Head h) {
        return new MonitorEvent.BreachSeen(h, justice(1), TestClients.DELAY, h.height() + TestClients.DELAY);
    }

    private static MonitorEvent confirmed(MonitorEvent.Head h) {
        return new MonitorEvent.JusticeConfirmed(h, justice(1), h.height(), 1);
    }

    /** A registered client (the fake tower answers pulls of registered users only). */
    private TowerClient registered() throws Exception {
        TowerClient c = t.open();
        assertInstanceOf(RegistrationResult.Registered.class, c.register().get(t.a.id));
        return c;
    }

    private static List<Long> cursors(EventPage.Events page) {
        return page.events().stream().map(e -> e.event().head().cursor()).toList();
    }

    @Test
    void aPageIsDeliveredVerifiedAndTheRequestIsSignedByTheUserOverItsExactMessage() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        SignedEvent one = t.a.append(user, TowerClientEventsTest::breachSeen);
        SignedEvent two = t.a.append(user, TowerClientEventsTest::confirmed);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 50));
        assertEquals(List.of(one, two), page.events());
        assertArrayEquals(one.wire(), page.events().get(0).wire(), "the bytes the tower signed");
        assertInstanceOf(MonitorEvent.BreachSeen.class, page.events().get(0).event());
        assertEquals(0, page.after());
        assertEquals(2, page.head());
        assertEquals(1, page.oldestCursor());
        assertFalse(page.gap());
        assertEquals(FakeTower.TIP, page.towerHeight());
        assertEquals(Optional.empty(), page.misbehaviour());

        assertEquals(1, t.a.requestsTo("GET /monitor/info"));
        var sent = t.a.pulls.get(0);
        assertEquals(0, sent.after());
        assertEquals(50, sent.limit());
        assertEquals(FakeTower.TIP, sent.height(), "the height is the tower's tip");
        byte[] message = MonitorRequests.events(t.a.id, FakeTower.TIP, 0, 50);
        assertEquals(Optional.of(user.key()), FakeTower.SIGNER.recover(message, sent.signature()),
                "signed by the user key over vigil/monitor/v1 events <tower> <height> <after> <limit>");
        assertEquals(0, c.acknowledgedCursor(t.a.id), "a pull does not move the cursor");
        assertEquals(Optional.empty(), c.status(t.a.id).misbehaviour());
    }

    @Test
    void anEventSignedByAnotherKeyIsNotDeliveredAndTheTowerIsMisbehavingWithTheEventAsProof() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        SignedEvent good = t.a.append(user, TowerClientEventsTest::breachSeen);
        SignedEvent forged = t.a.eventSignature.signed(confirmed(t.a.head(user, 2)), t.a.wrongKey);
        t.a.eventLog.get(user).add(forged);
        SignedEvent after = t.a.append(user, TowerClientEventsTest::confirmed);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(good, after), page.events(), "the events that verify are facts the tower signed");
        Misbehaviour m = page.misbehaviour().orElseThrow();
        assertTrue(m.reason().contains("does not recover to the tower id"), m.reason());
        assertArrayEquals(forged.wire(), m.badEvent().orElseThrow().wire().toArray());
        assertEquals(Optional.empty(), m.evidence());
        assertEquals(Optional.of(m), c.status(t.a.id).misbehaviour());

        long asked = t.a.requestsTo("/monitor/events");
        var refused = assertInstanceOf(EventPage.Misbehaving.class, c.pullEvents(t.a.id, 10));
        assertEquals(m, refused.misbehaviour());
        assertEquals(asked, t.a.requestsTo("/monitor/events"), "a misbehaving tower is not asked again");

        TowerClient restarted = t.open();
        assertEquals(Optional.of(m), restarted.status(t.a.id).misbehaviour(), "the proof is durable");
    }

    @Test
    void anEventForAnotherUserIsRefused() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        UserId other = new UserId(new PublicKey(FakeTower.SECP.publicKey(
                new PrivateKey(Bytes.of(Hashes.sha256("someone else".getBytes(StandardCharsets.UTF_8)))))));
        SignedEvent theirs = t.a.eventSignature.signed(breachSeen(t.a.head(other, 1)), t.a.key);
        t.a.eventLog.computeIfAbsent(user, u -> new ArrayList<>()).add(theirs);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(), page.events());
        Misbehaviour m = page.misbehaviour().orElseThrow();
        assertTrue(m.reason().contains("for user " + other), m.reason());
        assertArrayEquals(theirs.wire(), m.badEvent().orElseThrow().wire().toArray());
    }

    @Test
    void anIdThatIsNotTheCursorsIsRefused() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        MonitorEvent.Head h = t.a.head(user, 1);
        MonitorEvent.Head wrongId = new MonitorEvent.Head(1, EventId.of(t.a.id, user, 2), user, h.height(), h.blockHash());
        SignedEvent bad = t.a.eventSignature.signed(breachSeen(wrongId), t.a.key);
        t.a.eventLog.computeIfAbsent(user, u -> new ArrayList<>()).add(bad);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(), page.events());
        assertTrue(page.misbehaviour().orElseThrow().reason().contains("is not the one of cursor 1"), page.misbehaviour().toString());
    }

    @Test
    void cursorsThatDoNotIncreaseInAPageAreRefused() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        SignedEvent one = t.a.append(user, TowerClientEventsTest::breachSeen);
        t.a.eventLog.get(user).add(one); // the same event twice in one page

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(one), page.events());
        assertTrue(page.misbehaviour().orElseThrow().reason().contains("after cursor 1 in one page"), page.misbehaviour().toString());
    }

    @Test
    void anEventAlreadyDeliveredInThisProcessIsDroppedFromTheNextPull() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        t.a.append(user, TowerClientEventsTest::breachSeen);
        t.a.append(user, TowerClientEventsTest::confirmed);
        assertEquals(List.of(1L, 2L), cursors(assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10))));

        var again = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(), again.events(), "the tower sent 1 and 2 again (nothing acknowledged); both dropped");
        assertEquals(2, again.head());
        assertEquals(0, t.a.pulls.get(1).after());

        t.a.append(user, TowerClientEventsTest::confirmed);
        assertEquals(List.of(3L), cursors(assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10))));

        TowerClient restarted = t.open();
        assertEquals(List.of(1L, 2L, 3L), cursors(assertInstanceOf(EventPage.Events.class, restarted.pullEvents(t.a.id, 10))),
                "a new process delivers what was never acknowledged (at least once)");
    }

    @Test
    void aStaleHeightAnswered129IsRetriedAtOnceWithTheTowersHeight() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        t.a.append(user, TowerClientEventsTest::breachSeen);
        assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        t.a.tip = FakeTower.TIP + 20; // blocks came while the wallet slept: its cached height is stale
        t.a.append(user, TowerClientEventsTest::confirmed);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertEquals(List.of(2L), cursors(page));
        assertEquals(FakeTower.TIP + 20, page.towerHeight());
        assertEquals(3, t.a.pulls.size());
        assertEquals(FakeTower.TIP, t.a.pulls.get(1).height(), "the cached height, refused with 129");
        assertEquals(FakeTower.TIP + 20, t.a.pulls.get(2).height(), "the tower_height of the 129, not the message's text");
        assertEquals(1, t.a.requestsTo("GET /monitor/info"), "no second info request");
    }

    @Test
    void aCursorBeyondTheTowersHeadIsCursorAhead() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        t.a.append(user, TowerClientEventsTest::breachSeen);
        c.acknowledge(t.a.id, 5);

        var ahead = assertInstanceOf(EventPage.CursorAhead.class, c.pullEvents(t.a.id, 10));
        assertEquals(5, ahead.after());
        assertEquals(t.a.id, ahead.tower());
        assertEquals(Optional.empty(), c.status(t.a.id).misbehaviour(), "an unsigned answer accuses nobody");
    }

    @Test
    void aUserTheTowerDoesNotKnowIsUnknownUser() throws Exception {
        TowerClient c = t.open(); // never registered
        assertInstanceOf(EventPage.UnknownUser.class, c.pullEvents(t.a.id, 10));
    }

    @Test
    void aTowerThatCannotBeReachedIsUnreachable() throws Exception {
        TowerClient c = registered();
        t.a.mode = FakeTower.Mode.DOWN;
        assertInstanceOf(EventPage.Unreachable.class, c.pullEvents(t.a.id, 10));
    }

    @Test
    void theGapFlagAndTheOldestCursorArePassedOn() throws Exception {
        TowerClient c = registered();
        UserId user = c.userId(t.a.id);
        t.a.oldest.put(user, 4L); // 1 to 3 were pruned before the wallet read them
        t.a.append(user, TowerClientEventsTest::breachSeen);

        var page = assertInstanceOf(EventPage.Events.class, c.pullEvents(t.a.id, 10));
        assertTrue(page.gap());
        assertEquals(4, page.oldestCursor());
        assertEquals(List.of(4L), cursors(page));
    }

    @Test
    void theAcknowledgedCursorIsDurableMonotoneAndWherePullsStart() throws Exception {
        TowerClient c = fileClient();
        assertInstanceOf(RegistrationResult.Registered.class, c.register().get(t.a.id));
        UserId user = c.userId(t.a.id);
        for (int i = 0; i < 4; i++) {
            t.a.append(user, TowerClientEventsTest::breachSeen);
        }
        assertEquals(0, c.acknowledgedCursor(t.a.id));
        c.acknowledge(t.a.id, 3);
        c.acknowledge(t.a.id, 2);
        assertEquals(3, c.acknowledgedCursor(t.a.id), "a lower cursor is ignored");
        assertEquals(0, c.acknowledgedCursor(t.b.id), "per tower");

        TowerClient restarted = fileClient();
        assertEquals(3, restarted.acknowledgedCursor(t.a.id));
        restarted.acknowledge(t.a.id, 1);
        assertEquals(3, restarted.acknowledgedCursor(t.a.id));
        var page = assertInstanceOf(EventPage.Events.class, restarted.pullEvents(t.a.id, 10));
        assertEquals(3, t.a.pulls.get(t.a.pulls.size() - 1).after());
        assertEquals(List.of(4L), cursors(page));
        assertEquals(3, fileClient().acknowledgedCursor(t.a.id));
    }

    @Test
    void aLimitOutsideOneToFiveHundredAndANegativeCursorAreRefusedBeforeAnythingIsSent() throws Exception {
        TowerClient c = registered();
        int before = t.requests();
        assertThrows(IllegalArgumentException.class, () -> c.pullEvents(t.a.id, 0));
        assertThrows(IllegalArgumentException.class, () -> c.pullEvents(t.a.id, MonitorRequests.MAX_EVENTS_LIMIT + 1));
        assertThrows(IllegalArgumentException.class, () -> c.acknowledge(t.a.id, -1));
        assertEquals(before, t.requests());
    }

    @Test
    void theTowerHeightIsReadFromTheErrorBodyAndNotFromItsMessage() {
        byte[] body = ("{\"error\":\"see \\\"tower_height\\\":1\",\"nested\":{\"tower_height\":2},\"error_code\":129,"
                + "\"tower_height\" : 812345}").getBytes(StandardCharsets.UTF_8);
        assertEquals(812345, ErrorMembers.towerHeight(body).getAsLong());
        assertFalse(ErrorMembers.towerHeight("{\"error_code\":129}".getBytes(StandardCharsets.UTF_8)).isPresent());
        assertFalse(ErrorMembers.towerHeight("{\"tower_height\":4294967296}".getBytes(StandardCharsets.UTF_8)).isPresent());
        assertFalse(ErrorMembers.towerHeight("{\"tower_height\":\"5\"}".getBytes(StandardCharsets.UTF_8)).isPresent());
    }

    @Test
    void aPageWhoseEventDoesNotReadIsAFailureThatAccusesNobody() throws Exception {
        TowerClient c = registered();
        t.a.append(c.userId(t.a.id), TowerClientEventsTest::breachSeen);
        // A member renamed in transit: no longer an event, so no signed fact to hold the tower to.
        t.a.pageFilter = page -> new String(page, StandardCharsets.UTF_8).replace("\"to_self_delay\"", "\"to_self_delayy\"")
                .getBytes(StandardCharsets.UTF_8);

        var failed = assertInstanceOf(EventPage.Failed.class, c.pullEvents(t.a.id, 10));
        assertEquals(200, failed.httpStatus());
        assertTrue(failed.detail().startsWith("not an events page"), failed.detail());
        assertEquals(Optional.empty(), c.status(t.a.id).misbehaviour());
    }

    private TowerClient fileClient() throws Exception {
        return TowerClient.builder(TestClients.SECRET, new FileRecordLog(dir)).tower(t.a.endpoint).tower(t.b.endpoint)
                .transport(t.transport).clock(t.now::get).jitter(new Random(7)).backoff(TestClients.BACKOFF).topUp(t.topUp).build();
    }
}
