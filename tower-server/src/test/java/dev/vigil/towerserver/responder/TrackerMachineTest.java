package dev.vigil.towerserver.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.Tracker.Status;
import dev.vigil.towerserver.responder.TrackerAction.Forget;
import dev.vigil.towerserver.responder.TrackerAction.Persist;
import dev.vigil.towerserver.responder.TrackerAction.Report;
import dev.vigil.towerserver.responder.TrackerAction.Send;
import dev.vigil.towerserver.responder.TrackerEvent.Answered;
import dev.vigil.towerserver.responder.TrackerEvent.BlockConnected;
import dev.vigil.towerserver.responder.TrackerEvent.BlockDisconnected;
import dev.vigil.towerserver.responder.TrackerEvent.Triggered;
import dev.vigil.towerserver.responder.TrackerEvent.Which;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lifecycle's actions, rule by rule: the shell is thin, so this is where responding is tested. */
class TrackerMachineTest {
    private static final int DEPTH = 100;
    private static final int REBROADCAST = 3;
    private final TrackerMachine machine = new TrackerMachine(new ResponderPolicy(DEPTH, REBROADCAST));

    private static final Txid DISPUTE = Txid.fromDisplayHex("35af2c90e84decff1c178c6d600bc0e9de29af15a11b3711db623f960f24ae11");
    private static final Txid PENALTY = Txid.fromDisplayHex("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e");
    private static final UserId USER = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");

    private static Tracker tracker(long disputeHeight, Status status) {
        return new Tracker(AppointmentId.of(DISPUTE.locator(), USER), USER, DISPUTE.locator(), 1, DISPUTE,
                Bytes.fromHex("01"), PENALTY, Bytes.fromHex("02"), disputeHeight, status);
    }

    private static Tracker fresh() {
        return tracker(500, new Status.Unsent(500, "new"));
    }

    private static List<Class<?>> kinds(Transition t) {
        return t.actions().stream().<Class<?>>map(Object::getClass).toList();
    }

    private static List<Which> sends(Transition t) {
        return t.actions().stream().filter(a -> a instanceof Send).map(a -> ((Send) a).which()).toList();
    }

    @Test
    void aBreachIsPersistedThenThePenaltySent() {
        Transition t = machine.apply(fresh(), new Triggered(500));
        assertEquals(List.of(Persist.class, Send.class, TrackerAction.Announce.class, TrackerAction.Announce.class, Report.class), kinds(t));
        assertEquals(List.of(Which.PENALTY), sends(t));
    }

    @Test
    void acceptedMeansInMempoolAndARepeatIsANoOp() {
        Transition t = machine.apply(fresh(), new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), 500));
        Tracker next = t.next().orElseThrow();
        assertEquals(new Status.InMempool(500, 500), next.status());
        assertEquals(List.of(Persist.class, TrackerAction.Announce.class, Report.class), kinds(t));
        assertEquals(List.of(), machine.apply(next, new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), 501)).actions());
    }

    @Test
    void alreadyInTheUtxoSetCountsFromTheHeightItWasLearnt() {
        Tracker next = machine.apply(fresh(), new Answered(Which.PENALTY, new BroadcastOutcome.AlreadyConfirmed(), 520)).next().orElseThrow();
        assertEquals(new Status.Confirmed(520), next.status());
    }

    @Test
    void rebroadcastsEveryBlockOnceItHasWaited() {
        Tracker t = tracker(500, new Status.InMempool(500, 500));
        for (long h = 501; h < 500 + REBROADCAST; h++) {
            Transition tr = machine.apply(t, new BlockConnected(h, false, false));
            assertEquals(List.of(), tr.actions(), "height " + h);
            t = tr.next().orElseThrow();
        }
        for (long h = 500 + REBROADCAST; h < 500 + REBROADCAST + 3; h++) {
            Transition tr = machine.apply(t, new BlockConnected(h, false, false));
            assertEquals(List.of(Which.PENALTY), sends(tr), "height " + h);
            t = tr.next().orElseThrow();
            assertEquals(new Status.InMempool(500, h), t.status());
        }
    }

    @Test
    void eachStateOfTheJusticeIsReportedWithItsTxids() {
        Tracker t = fresh();
        assertEquals(List.of(TrackerAction.Severity.WARN), reports(machine.apply(t, new Triggered(500))).stream().map(Report::severity).toList());
        String breach = reports(machine.apply(t, new Triggered(500))).get(0).message();
        assertEquals("breach: dispute " + t.disputeTxid() + " at height 500 matches locator " + t.locator() + " of user " + t.user()
                + "; broadcasting penalty " + t.penaltyTxid(), breach);
        Tracker inMempool = machine.apply(t, new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), 500)).next().orElseThrow();
        assertEquals(List.of("penalty " + t.penaltyTxid() + " for dispute " + t.disputeTxid() + " is in bitcoind's mempool"),
                reports(machine.apply(t, new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), 500))).stream().map(Report::message).toList());
        Transition mined = machine.apply(inMempool, new BlockConnected(501, false, true));
        assertEquals(List.of("penalty " + t.penaltyTxid() + " confirmed at height 501 (depth 1 of " + DEPTH + ")"),
                reports(mined).stream().map(Report::message).toList());
        Transition retry = machine.apply(t, new Answered(Which.PENALTY, new BroadcastOutcome.RetryLater("non-BIP68-final"), 500));
        assertEquals(List.of("penalty " + t.penaltyTxid() + " not accepted yet (non-BIP68-final); retrying at every block"),
                reports(retry).stream().map(Report::message).toList());
        assertEquals(List.of(), reports(machine.apply(retry.next().orElseThrow(),
                new Answered(Which.PENALTY, new BroadcastOutcome.RetryLater("non-BIP68-final"), 501))), "the same answer is said once");
    }

    private static List<Report> reports(Transition t) {
        return t.actions().stream().filter(a -> a instanceof Report).map(a -> (Report) a).toList();
    }

    @Test
    void minedThenIrrevocableThenForgottenWithRefund() {
        Tracker t = tracker(500, new Status.InMempool(500, 500));
        t = machine.apply(t, new BlockConnected(501, false, true)).next().orElseThrow();
        assertEquals(new Status.Confirmed(501), t.status());
        for (long h = 502; h < 501 + DEPTH - 1; h++) {
            Transition tr = machine.apply(t, new BlockConnected(h, false, false));
            // Only the depth worth an operator's notice is reported on the way; nothing is sent or written.
            assertEquals(h - 501 + 1 == 6 ? List.of(TrackerAction.Announce.class, Report.class) : List.of(), kinds(tr), "height " + h);
            t = tr.next().orElseThrow();
        }
        Transition last = machine.apply(t, new BlockConnected(501 + DEPTH - 1, false, false));
        assertEquals(Optional.empty(), last.next());
        Forget f = assertInstanceOf(Forget.class, last.actions().get(0));
        assertTrue(f.refund());
    }

    @Test
    void missingInputsWithTheDisputeOutOfTheChainSendsTheDisputeFirst() {
        Tracker t = tracker(-1, new Status.Unsent(600, "reorg"));
        Transition tr = machine.apply(t, new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("bad-txns-inputs-missingorspent"), 600));
        assertEquals(List.of(Which.DISPUTE), sends(tr));
        Transition afterDispute = machine.apply(tr.next().orElseThrow(), new Answered(Which.DISPUTE, new BroadcastOutcome.Accepted(), 600));
        assertEquals(List.of(Which.PENALTY), sends(afterDispute));
        // Retry at the next block goes dispute-first as long as the dispute is not in the chain.
        assertEquals(List.of(Which.DISPUTE), sends(machine.apply(tr.next().orElseThrow(), new BlockConnected(601, false, false))));
    }

    @Test
    void missingInputsWithTheDisputeConfirmedMeansSpentElsewhereAndIsForgottenWithoutRefundWhenThatIsFinal() {
        Transition tr = machine.apply(fresh(), new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("spent"), 510));
        Tracker t = tr.next().orElseThrow();
        assertEquals(new Status.SpentElsewhere(510), t.status());
        assertTrue(tr.actions().stream().anyMatch(a -> a instanceof Report r && r.severity() == TrackerAction.Severity.WARN));
        assertEquals(List.of(), sends(machine.apply(t, new BlockConnected(511, false, false))));
        Transition end = machine.apply(t, new BlockConnected(510 + DEPTH - 1, false, false));
        assertEquals(Optional.empty(), end.next());
        assertFalse(assertInstanceOf(Forget.class, end.actions().get(0)).refund());
    }

    @Test
    void aReorgUnderASpendElsewhereTriesThePenaltyAgain() {
        Tracker t = tracker(500, new Status.SpentElsewhere(510));
        Transition tr = machine.apply(t, new BlockDisconnected(512, false, false));
        assertEquals(List.of(Which.PENALTY), sends(tr));
        assertInstanceOf(Status.Unsent.class, tr.next().orElseThrow().status());
    }

    @Test
    void retryLaterAndUnreachableRetryAtTheNextBlock() {
        for (BroadcastOutcome o : List.of(new BroadcastOutcome.RetryLater("non-BIP68-final"), new BroadcastOutcome.Unreachable("connection refused"))) {
            Transition tr = machine.apply(fresh(), new Answered(Which.PENALTY, o, 505));
            Tracker t = tr.next().orElseThrow();
            assertInstanceOf(Status.Unsent.class, t.status());
            assertEquals(List.of(), sends(tr));
            assertEquals(List.of(Which.PENALTY), sends(machine.apply(t, new BlockConnected(506, false, false))));
        }
    }

    @Test
    void anInvalidPenaltyIsForgottenWithoutRefundAndReportedAsAnError() {
        Transition tr = machine.apply(fresh(), new Answered(Which.PENALTY, new BroadcastOutcome.Invalid("mempool-script-verify-flag-failed"), 505));
        assertEquals(Optional.empty(), tr.next());
        assertFalse(assertInstanceOf(Forget.class, tr.actions().get(0)).refund());
        assertEquals(new TrackerNews.News.Rejected(), assertInstanceOf(TrackerAction.Announce.class, tr.actions().get(1)).news());
        assertEquals(TrackerAction.Severity.ERROR, assertInstanceOf(Report.class, tr.actions().get(2)).severity());
    }

    @Test
    void aReorgRemovingThePenaltyResendsIt() {
        Tracker t = tracker(500, new Status.Confirmed(505));
        Transition tr = machine.apply(t, new BlockDisconnected(505, false, true));
        assertEquals(List.of(Persist.class, Send.class, Report.class), kinds(tr));
        assertEquals(List.of(Which.PENALTY), sends(tr));
        assertEquals(new Status.Unsent(504, "reorg at height 505"), tr.next().orElseThrow().status());
        // A disconnect above the penalty's block changes nothing.
        assertEquals(List.of(), machine.apply(t, new BlockDisconnected(506, false, false)).actions());
    }

    @Test
    void aReorgRemovingTheDisputeResendsTheDisputeThenThePenalty() {
        Tracker t = tracker(500, new Status.Confirmed(505));
        t = machine.apply(t, new BlockDisconnected(505, false, true)).next().orElseThrow();
        Transition tr = machine.apply(t, new BlockDisconnected(500, true, false));
        Tracker next = tr.next().orElseThrow();
        assertFalse(next.disputeConfirmed());
        assertEquals(List.of(Which.DISPUTE), sends(tr));
        assertEquals(List.of(Which.PENALTY), sends(machine.apply(next, new Answered(Which.DISPUTE, new BroadcastOutcome.AlreadyConfirmed(), 499))));
        // The dispute mined again on the new branch: penalty sent at the next block, dispute confirmed.
        Transition reMined = machine.apply(next, new BlockConnected(501, true, false));
        assertTrue(reMined.next().orElseThrow().disputeConfirmed());
        assertEquals(List.of(Which.PENALTY), sends(reMined));
    }

    @Test
    void aStaleAnswerNeverUndoesAConfirmation() {
        Tracker t = tracker(500, new Status.Confirmed(505));
        for (BroadcastOutcome o : List.of(new BroadcastOutcome.Accepted(), new BroadcastOutcome.RetryLater("x"),
                new BroadcastOutcome.MissingInputs("x"), new BroadcastOutcome.Invalid("x"))) {
            Transition tr = machine.apply(t, new Answered(Which.PENALTY, o, 506));
            assertEquals(Optional.of(t), tr.next(), o.toString());
            assertEquals(List.of(), tr.actions());
        }
    }

    @Test
    void everyStateChangeIsPersistedBeforeAnythingIsSent() {
        List<Tracker> states = List.of(fresh(), tracker(-1, new Status.Unsent(1, "x")), tracker(500, new Status.InMempool(500, 500)),
                tracker(500, new Status.Confirmed(505)), tracker(500, new Status.SpentElsewhere(510)));
        List<TrackerEvent> events = List.of(new Triggered(600), new BlockConnected(600, false, false), new BlockConnected(600, true, true),
                new BlockDisconnected(505, false, true), new BlockDisconnected(500, true, false),
                new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("m"), 600),
                new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), 600));
        for (Tracker s : states) {
            for (TrackerEvent e : events) {
                Transition tr = machine.apply(s, e);
                boolean changed = !tr.next().equals(Optional.of(s));
                int firstSend = -1;
                int firstPersist = -1;
                for (int i = 0; i < tr.actions().size(); i++) {
                    if (tr.actions().get(i) instanceof Send && firstSend < 0) {
                        firstSend = i;
                    }
                    if ((tr.actions().get(i) instanceof Persist || tr.actions().get(i) instanceof Forget) && firstPersist < 0) {
                        firstPersist = i;
                    }
                }
                if (changed) {
                    assertTrue(firstPersist >= 0, s + " / " + e);
                }
                if (changed && firstSend >= 0) {
                    assertTrue(firstPersist < firstSend, s + " / " + e);
                }
            }
        }
    }
}
