package dev.vigil.towerserver.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerserver.responder.Tracker.Status;
import dev.vigil.towerserver.responder.TrackerAction.Announce;
import dev.vigil.towerserver.responder.TrackerAction.Forget;
import dev.vigil.towerserver.responder.TrackerAction.Persist;
import dev.vigil.towerserver.responder.TrackerAction.Report;
import dev.vigil.towerserver.responder.TrackerAction.Send;
import dev.vigil.towerserver.responder.TrackerAction.Severity;
import dev.vigil.towerserver.responder.TrackerEvent.Answered;
import dev.vigil.towerserver.responder.TrackerEvent.BlockConnected;
import dev.vigil.towerserver.responder.TrackerEvent.BlockDisconnected;
import dev.vigil.towerserver.responder.TrackerEvent.Triggered;
import dev.vigil.towerserver.responder.TrackerEvent.Which;
import dev.vigil.towerserver.responder.TrackerNews.Kind;
import dev.vigil.towerserver.responder.TrackerNews.News;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the machine tells the user's monitoring log (docs/monitoring.md 2.1, 2.5, 7.4), as exact
 * action lists: each {@link Announce} where it belongs among the transition's writes, sends and
 * reports. The reports' wording is pinned by {@link TrackerMachineTest}; here a report is matched by
 * its severity and place only ({@link AnyReport}), and a forget by its tracker and refund.
 */
class TrackerMachineAnnounceTest {
    private static final int DEPTH = 100;
    private static final int REBROADCAST = 3;
    private static final int WARN = 6;
    private static final List<Integer> REPORTED = List.of(6, 20);
    private final TrackerMachine machine = new TrackerMachine(new ResponderPolicy(DEPTH, REBROADCAST, REPORTED, WARN));

    private static final Txid DISPUTE = Txid.fromDisplayHex("35af2c90e84decff1c178c6d600bc0e9de29af15a11b3711db623f960f24ae11");
    private static final Txid PENALTY = Txid.fromDisplayHex("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e");
    private static final Txid SPENDER = Txid.fromDisplayHex("b7d0000000000000000000000000000000000000000000000000000000000042");
    private static final UserId USER = UserId.fromHex("035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30");
    private static final long D = 812_345;
    private static final long DELAY = 144;
    /** {@code D + DELAY}: from here the cheater can sweep {@code to_local}. */
    private static final long DEADLINE = D + DELAY;
    private static final Tracker.ForeignSpend SPEND = new Tracker.ForeignSpend(SPENDER, 2);

    /** A report, by severity and place. */
    record AnyReport(Severity severity) {}

    /** A forget, by its tracker and refund (its reason is operator text). */
    record AnyForget(Tracker tracker, boolean refund) {}

    /** A version 2 tracker of 3 slots with a dispute at {@code disputeHeight} and {@code to_self_delay} 144. */
    private static Tracker tracker(long disputeHeight, Status status) {
        return new Tracker(AppointmentId.of(DISPUTE.locator(), USER), USER, DISPUTE.locator(), 3, DISPUTE, Bytes.fromHex("01"),
                PENALTY, Bytes.fromHex("02"), disputeHeight, status).withToSelfDelay(DELAY);
    }

    private static Tracker inMempool() {
        return tracker(D, new Status.InMempool(D, D));
    }

    /** The transition's actions with each report and forget reduced to what this test states. */
    private static List<Object> actions(Transition t) {
        return t.actions().stream().map(a -> {
            if (a instanceof Report r) {
                return (Object) new AnyReport(r.severity());
            }
            if (a instanceof Forget f) {
                return new AnyForget(f.tracker(), f.refund());
            }
            return a;
        }).toList();
    }

    private static Announce announce(News news) {
        return new Announce(news);
    }

    private static List<News> news(Transition t) {
        return t.actions().stream().filter(a -> a instanceof Announce).map(a -> ((Announce) a).news()).toList();
    }

    /** Connects the blocks {@code from..to} (none with the dispute or the penalty); each announce as "height: news". */
    private Tracker connect(Tracker t, long from, long to, List<String> told) {
        for (long h = from; h <= to; h++) {
            Transition tr = machine.apply(t, new BlockConnected(h, false, false));
            for (News n : news(tr)) {
                told.add(h + ": " + n);
            }
            t = tr.next().orElseThrow();
        }
        return t;
    }

    // ------------------------------------------------------------------ the breach and the broadcast

    @Test
    void aBreachAnnouncesBreachSeenThenTheBroadcastAfterItsWriteAndSend() {
        Tracker t = tracker(D, new Status.Unsent(D, "new"));
        Transition tr = machine.apply(t, new Triggered(D));
        Tracker next = t.withStatus(new Status.Unsent(D, "not sent yet"));
        assertEquals(Optional.of(next), tr.next());
        assertEquals(List.of(new Persist(next), new Send(Which.PENALTY), announce(new News.BreachSeen(DEADLINE)),
                announce(new News.JusticeBroadcast()), new AnyReport(Severity.WARN)), actions(tr));
    }

    @Test
    void aToSelfDelayInsideTheWarningWindowIsAtRiskFromTheBreachsOwnBlock() {
        Tracker t = tracker(D, new Status.Unsent(D, "new")).withToSelfDelay(4);
        Transition tr = machine.apply(t, new Triggered(D));
        Tracker warned = t.withStatus(new Status.Unsent(D, "not sent yet")).withDeadlineWarned(true);
        assertEquals(List.of(new Persist(warned), new Send(Which.PENALTY), announce(new News.BreachSeen(D + 4)),
                announce(new News.JusticeBroadcast()), new AnyReport(Severity.WARN),
                announce(new News.DeadlineAtRisk(D + 4, 4, TrackerState.UNSENT)), new AnyReport(Severity.WARN)), actions(tr));
        assertEquals(Optional.of(warned), tr.next());
    }

    // ------------------------------------------------------------------ the mempool

    @Test
    void theFirstAcceptedAnswerIsInMempoolOnceAndRebroadcastsAreNotNews() {
        Tracker t = machine.apply(tracker(D, new Status.Unsent(D, "new")), new Triggered(D)).next().orElseThrow();
        Transition accepted = machine.apply(t, new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), D));
        Tracker in = t.withStatus(new Status.InMempool(D, D));
        assertEquals(List.of(new Persist(in), announce(new News.InMempool()), new AnyReport(Severity.INFO)), actions(accepted));
        // Blocks go by, the penalty is re-sent at every block once it has waited, and bitcoind accepts it again.
        Tracker after = in;
        List<String> told = new ArrayList<>();
        for (long height = D + 1; height <= D + REBROADCAST + 2; height++) {
            long h = height;
            Transition block = machine.apply(after, new BlockConnected(h, false, false));
            Tracker resent = in.withStatus(new Status.InMempool(D, h));
            assertEquals(h - D >= REBROADCAST ? List.of(new Persist(resent), new Send(Which.PENALTY)) : List.of(), actions(block),
                    "height " + h);
            after = block.next().orElseThrow();
            Transition again = machine.apply(after, new Answered(Which.PENALTY, new BroadcastOutcome.Accepted(), h));
            assertEquals(List.of(), again.actions(), "height " + h);
            news(block).forEach(n -> told.add(h + ": " + n));
        }
        assertEquals(List.of(), told);
    }

    // ------------------------------------------------------------------ confirmation, depths, irrevocable

    @Test
    void aMinedPenaltyIsConfirmedAtDepthOne() {
        Transition tr = machine.apply(inMempool(), new BlockConnected(D + 1, false, true));
        Tracker confirmed = inMempool().withStatus(new Status.Confirmed(D + 1));
        assertEquals(List.of(new Persist(confirmed), announce(new News.Confirmed(D + 1)), new AnyReport(Severity.INFO)), actions(tr));
    }

    @Test
    void alreadyInTheUtxoSetIsConfirmedFromTheHeightItWasLearnt() {
        Transition tr = machine.apply(inMempool(), new Answered(Which.PENALTY, new BroadcastOutcome.AlreadyConfirmed(), D + 9));
        Tracker confirmed = inMempool().withStatus(new Status.Confirmed(D + 9));
        assertEquals(List.of(new Persist(confirmed), announce(new News.Confirmed(D + 9)), new AnyReport(Severity.INFO)), actions(tr));
    }

    @Test
    void theReportedDepthsAreAnnouncedExactlyThereAndIrrevocableRefundsTheSlots() {
        long mined = D + 1;
        Tracker t = inMempool().withStatus(new Status.Confirmed(mined));
        List<String> told = new ArrayList<>();
        for (long h = mined + 1; h < mined + DEPTH - 1; h++) {
            long depth = h - mined + 1;
            Transition tr = machine.apply(t, new BlockConnected(h, false, false));
            assertEquals(REPORTED.contains((int) depth) ? List.of(announce(new News.Depth(mined, depth)), new AnyReport(Severity.INFO))
                    : List.of(), actions(tr), "depth " + depth);
            assertEquals(Optional.of(t), tr.next(), "nothing to write at depth " + depth);
            news(tr).forEach(n -> told.add(depth + ": " + n));
        }
        assertEquals(List.of("6: " + new News.Depth(mined, 6), "20: " + new News.Depth(mined, 20)), told);
        Transition last = machine.apply(t, new BlockConnected(mined + DEPTH - 1, false, false));
        assertEquals(Optional.empty(), last.next());
        assertEquals(List.of(new AnyForget(t, true), announce(new News.Irrevocable(mined, DEPTH, 3)), new AnyReport(Severity.INFO)),
                actions(last));
    }

    @Test
    void withoutReportedDepthsOnlyConfirmedAndIrrevocableAreTold() {
        TrackerMachine quiet = new TrackerMachine(new ResponderPolicy(DEPTH, REBROADCAST, List.of(), WARN));
        long mined = D + 1;
        Tracker t = quiet.apply(inMempool(), new BlockConnected(mined, false, true)).next().orElseThrow();
        List<String> told = new ArrayList<>();
        for (long h = mined + 1; h < mined + DEPTH; h++) {
            Transition tr = quiet.apply(t, new BlockConnected(h, false, false));
            news(tr).forEach(n -> told.add(n.toString()));
            t = tr.next().orElse(t);
        }
        assertEquals(List.of(new News.Irrevocable(mined, DEPTH, 3).toString()), told);
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aForeignSpendInABlockIsSpentElsewhereWithTheSpendAndToldOnce() {
        for (Tracker t : List.of(inMempool(), tracker(D, new Status.Unsent(D, "non-BIP68-final")))) {
            Transition tr = machine.apply(t, new BlockConnected(D + 2, false, false, Optional.of(SPEND)));
            Tracker spent = t.withStatus(new Status.SpentElsewhere(D + 2, Optional.of(SPEND)));
            assertEquals(Optional.of(spent), tr.next(), t.status().toString());
            assertEquals(List.of(new Persist(spent), announce(new News.InputsSpent(Optional.of(SPEND))), new AnyReport(Severity.WARN)),
                    actions(tr), t.status().toString());
            // Another spend seen later (a second HTLC output) is not news, and neither is bitcoind saying so.
            assertEquals(List.of(), machine.apply(spent, new BlockConnected(D + 3, false, false,
                    Optional.of(new Tracker.ForeignSpend(SPENDER, 3)))).actions());
            assertEquals(List.of(), machine.apply(spent, new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("spent"), D + 3))
                    .actions());
        }
        // The penalty itself is mined: a foreign spend reported beside it changes nothing.
        Tracker confirmed = inMempool().withStatus(new Status.Confirmed(D + 1));
        assertEquals(List.of(), machine.apply(confirmed, new BlockConnected(D + 2, false, false, Optional.of(SPEND))).actions());
    }

    @Test
    void missingInputsWithTheDisputeConfirmedFailsWithoutTheSpender() {
        Transition tr = machine.apply(inMempool(), new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("bad-txns-inputs-missingorspent"), D + 4));
        Tracker spent = inMempool().withStatus(new Status.SpentElsewhere(D + 4));
        assertEquals(List.of(new Persist(spent), announce(new News.InputsSpent(Optional.empty())), new AnyReport(Severity.WARN)), actions(tr));
        // With the dispute out of the chain it is the dispute bitcoind lacks: sent first, no failure.
        Tracker out = tracker(-1, new Status.Unsent(D, "reorg"));
        Transition first = machine.apply(out, new Answered(Which.PENALTY, new BroadcastOutcome.MissingInputs("missing"), D));
        assertEquals(List.of(), news(first));
    }

    @Test
    void aRejectedPenaltyIsForgottenWithoutRefundAndToldAsRejected() {
        Transition tr = machine.apply(inMempool(), new Answered(Which.PENALTY, new BroadcastOutcome.Invalid("mandatory-script-verify-flag-failed"), D + 1));
        assertEquals(Optional.empty(), tr.next());
        assertEquals(List.of(new AnyForget(inMempool(), false), announce(new News.Rejected()), new AnyReport(Severity.ERROR)), actions(tr));
    }

    @Test
    void aForeignSpendBecomingIrrevocableIsForgottenWithoutNews() {
        Tracker spent = inMempool().withStatus(new Status.SpentElsewhere(D + 2, Optional.of(SPEND)));
        Transition tr = machine.apply(spent, new BlockConnected(D + 2 + DEPTH - 1, false, false));
        assertEquals(List.of(new AnyForget(spent, false), new AnyReport(Severity.WARN)), actions(tr));
    }

    // ------------------------------------------------------------------ the deadline (2.5)

    @Test
    void theDeadlineIsAtRiskOnceAtTheFirstBlockOfTheWindowWhileThePenaltyWaitsInTheMempool() {
        List<String> told = new ArrayList<>();
        Tracker t = connect(inMempool(), D + 1, DEADLINE - WARN - 1, told);
        assertEquals(List.of(), told);
        Transition crossing = machine.apply(t, new BlockConnected(DEADLINE - WARN, false, false));
        // The block's own re-send, with the warning after it; the one write is the warned tracker.
        Tracker warned = t.withStatus(new Status.InMempool(D, DEADLINE - WARN)).withDeadlineWarned(true);
        assertEquals(List.of(new Persist(warned), new Send(Which.PENALTY),
                announce(new News.DeadlineAtRisk(DEADLINE, WARN, TrackerState.IN_MEMPOOL)), new AnyReport(Severity.WARN)), actions(crossing));
        connect(warned, DEADLINE - WARN + 1, DEADLINE + 10, told);
        assertEquals(List.of(), told, "one warning per confirmation of the dispute");
    }

    @Test
    void anUnsentPenaltyIsAtRiskAsUnsent() {
        Tracker t = tracker(D, new Status.Unsent(DEADLINE - WARN - 1, "non-BIP68-final"));
        Transition crossing = machine.apply(t, new BlockConnected(DEADLINE - WARN, false, false));
        Tracker warned = t.withStatus(new Status.Unsent(DEADLINE - WARN, "non-BIP68-final")).withDeadlineWarned(true);
        assertEquals(List.of(new Persist(warned), new Send(Which.PENALTY),
                announce(new News.DeadlineAtRisk(DEADLINE, WARN, TrackerState.UNSENT)), new AnyReport(Severity.WARN)), actions(crossing));
    }

    @Test
    void aFirstBlockPastTheDeadlineWarnsWithNoBlocksLeft() {
        Tracker t = tracker(D, new Status.InMempool(DEADLINE + 2, DEADLINE + 2));
        Transition tr = machine.apply(t, new BlockConnected(DEADLINE + 3, false, false));
        assertEquals(List.of(new Persist(t.withDeadlineWarned(true)), announce(new News.DeadlineAtRisk(DEADLINE, 0, TrackerState.IN_MEMPOOL)),
                new AnyReport(Severity.WARN)), actions(tr));
    }

    @Test
    void aMinedPenaltyIsNeverAtRiskEvenWhenMinedInTheCrossingBlock() {
        List<String> told = new ArrayList<>();
        long minedAt = DEADLINE - WARN - 3;
        connect(inMempool().withStatus(new Status.Confirmed(minedAt)), minedAt + 1, DEADLINE + 5, told);
        assertEquals(List.of((minedAt + 5) + ": " + new News.Depth(minedAt, 6)), told, "its depth only");
        Transition crossing = machine.apply(inMempool(), new BlockConnected(DEADLINE - WARN, false, true));
        Tracker confirmed = inMempool().withStatus(new Status.Confirmed(DEADLINE - WARN));
        assertEquals(List.of(new Persist(confirmed), announce(new News.Confirmed(DEADLINE - WARN)), new AnyReport(Severity.INFO)),
                actions(crossing));
        // Spent elsewhere, it is lost already: no warning either.
        Tracker spent = inMempool().withStatus(new Status.SpentElsewhere(DEADLINE - WARN - 5, Optional.of(SPEND)));
        told.clear();
        connect(spent, DEADLINE - WARN - 1, DEADLINE + 5, told);
        assertEquals(List.of(), told);
    }

    @Test
    void aTrackerWithoutToSelfDelayWatchesNoDeadline() {
        List<String> told = new ArrayList<>();
        connect(inMempool().withToSelfDelay(0), D + 1, D + 300, told);
        assertEquals(List.of(), told, "a version 1 tracker has no deadline");
    }

    @Test
    void aReorgThatRemovesTheDisputeRearmsTheWarningForItsNextConfirmation() {
        Tracker warned = tracker(D, new Status.InMempool(D, DEADLINE - WARN)).withDeadlineWarned(true).withAnnounced(new Tracker.Announced(1, 0, 0));
        Transition out = machine.apply(warned, new BlockDisconnected(D, true, false));
        Tracker gone = warned.withDisputeHeight(-1).withDeadlineWarned(false).withAnnounced(Tracker.Announced.NONE);
        assertEquals(Optional.of(gone), out.next());
        // Mined again 10 blocks later: a new deadline, warned again when its window opens.
        long d2 = D + 10;
        Tracker back = machine.apply(gone, new BlockConnected(d2, true, false)).next().orElseThrow();
        List<String> told = new ArrayList<>();
        connect(back, d2 + 1, d2 + DELAY, told);
        assertEquals(List.of((d2 + DELAY - WARN) + ": " + new News.DeadlineAtRisk(d2 + DELAY, WARN, TrackerState.IN_MEMPOOL)), told);
    }

    // ------------------------------------------------------------------ retractions (reorgs)

    @Test
    void theDisputesBlockLeavingRetractsBreachSeenByItsCursor() {
        Tracker t = inMempool().withAnnounced(new Tracker.Announced(41, 0, 0));
        Transition tr = machine.apply(t, new BlockDisconnected(D, true, false));
        Tracker next = t.withDisputeHeight(-1).withAnnounced(Tracker.Announced.NONE);
        assertEquals(Optional.of(next), tr.next());
        assertEquals(List.of(new Persist(next), new Send(Which.DISPUTE), new AnyReport(Severity.WARN),
                announce(new News.Retracted(41, Kind.BREACH_SEEN))), actions(tr));
    }

    @Test
    void thePenaltysBlockLeavingRetractsJusticeConfirmedByItsCursor() {
        Tracker t = tracker(D, new Status.Confirmed(D + 1)).withAnnounced(new Tracker.Announced(41, 43, 0));
        Transition tr = machine.apply(t, new BlockDisconnected(D + 1, false, true));
        Tracker next = t.withStatus(new Status.Unsent(D, "reorg at height " + (D + 1))).withAnnounced(new Tracker.Announced(41, 0, 0));
        assertEquals(Optional.of(next), tr.next());
        assertEquals(List.of(new Persist(next), new Send(Which.PENALTY), new AnyReport(Severity.WARN),
                announce(new News.Retracted(43, Kind.JUSTICE_CONFIRMED))), actions(tr));
        // A block above the penalty's leaving takes nothing back.
        assertEquals(List.of(), machine.apply(t, new BlockDisconnected(D + 2, false, false)).actions());
    }

    @Test
    void oneBlockHoldingTheDisputeAndThePenaltyRetractsBothBreachFirst() {
        Tracker t = tracker(D, new Status.Confirmed(D)).withAnnounced(new Tracker.Announced(41, 43, 0));
        Transition tr = machine.apply(t, new BlockDisconnected(D, true, true));
        Tracker next = t.withDisputeHeight(-1).withStatus(new Status.Unsent(D - 1, "reorg at height " + D))
                .withAnnounced(Tracker.Announced.NONE);
        assertEquals(List.of(new Persist(next), new Send(Which.DISPUTE), new AnyReport(Severity.WARN),
                announce(new News.Retracted(41, Kind.BREACH_SEEN)), announce(new News.Retracted(43, Kind.JUSTICE_CONFIRMED))), actions(tr));
    }

    @Test
    void theForeignSpendsBlockLeavingRetractsJusticeFailedByItsCursor() {
        Tracker t = tracker(D, new Status.SpentElsewhere(D + 2, Optional.of(SPEND))).withAnnounced(new Tracker.Announced(41, 0, 44));
        // A block above the spend's leaving does not undo it.
        assertEquals(List.of(), machine.apply(t, new BlockDisconnected(D + 3, false, false)).actions());
        Transition tr = machine.apply(t, new BlockDisconnected(D + 2, false, false));
        Tracker next = t.withStatus(new Status.Unsent(D + 1, "reorg at height " + (D + 2))).withAnnounced(new Tracker.Announced(41, 0, 0));
        assertEquals(Optional.of(next), tr.next());
        assertEquals(List.of(new Persist(next), new Send(Which.PENALTY), new AnyReport(Severity.WARN),
                announce(new News.Retracted(44, Kind.JUSTICE_FAILED))), actions(tr));
    }

    @Test
    void aFailureBitcoindToldOfIsRetractedByAnyReorg() {
        // The spender unknown, the block that held it is unknown too: any disconnect may have undone it.
        Tracker t = tracker(D, new Status.SpentElsewhere(D + 2)).withAnnounced(new Tracker.Announced(41, 0, 44));
        Transition tr = machine.apply(t, new BlockDisconnected(D + 7, false, false));
        Tracker next = t.withStatus(new Status.Unsent(D + 6, "reorg at height " + (D + 7))).withAnnounced(new Tracker.Announced(41, 0, 0));
        assertEquals(List.of(new Persist(next), new Send(Which.PENALTY), new AnyReport(Severity.WARN),
                announce(new News.Retracted(44, Kind.JUSTICE_FAILED))), actions(tr));
    }

    @Test
    void whatWasNeverAnnouncedIsNeverRetracted() {
        // Cursor 0: the user has no monitoring log (a teos client), so nothing was announced.
        for (TrackerEvent e : List.of(new BlockDisconnected(D, true, false), new BlockDisconnected(D + 1, false, true))) {
            Transition tr = machine.apply(tracker(D, new Status.Confirmed(D + 1)), e);
            assertEquals(List.of(), news(tr), e.toString());
        }
        Transition tr = machine.apply(tracker(D, new Status.SpentElsewhere(D + 2, Optional.of(SPEND))), new BlockDisconnected(D + 2, false, false));
        assertEquals(List.of(), news(tr));
    }

    // ------------------------------------------------------------------ the dispute back in the chain

    @Test
    void aDisputeBackInTheChainIsANewBreachSeenAndARebroadcast() {
        Tracker gone = tracker(-1, new Status.Unsent(D - 1, "reorg at height " + D));
        Transition tr = machine.apply(gone, new BlockConnected(D + 2, true, false));
        Tracker back = gone.withDisputeHeight(D + 2).withStatus(new Status.Unsent(D + 2, "reorg at height " + D));
        assertEquals(Optional.of(back), tr.next());
        assertEquals(List.of(new Persist(back), new Send(Which.PENALTY), announce(new News.BreachSeen(D + 2 + DELAY)),
                announce(new News.JusticeBroadcast())), actions(tr));
        // Still in the mempool through the reorg: nothing is re-sent in that block, so no broadcast is told.
        Tracker waiting = tracker(-1, new Status.InMempool(D + 1, D + 1));
        Transition inPool = machine.apply(waiting, new BlockConnected(D + 2, true, false));
        Tracker backInPool = waiting.withDisputeHeight(D + 2);
        assertEquals(List.of(new Persist(backInPool), announce(new News.BreachSeen(D + 2 + DELAY))), actions(inPool));
        // A dispute already in the chain is not news again.
        assertEquals(List.of(), news(machine.apply(back, new BlockConnected(D + 3, false, false))));
    }

    @Test
    void aDisputeBackInTheChainWithItsPenaltyInTheSameBlockIsSeenBeforeItIsConfirmed() {
        // docs/monitoring.md 2.3: in a block, breach_seen comes before the trackers' progress; a wallet
        // must not read a penalty confirmed for a breach it has not been told of (its cursor is lower).
        Tracker gone = tracker(-1, new Status.Unsent(D - 1, "reorg at height " + D));
        Transition tr = machine.apply(gone, new BlockConnected(D + 2, true, true));
        assertEquals(List.of(new News.BreachSeen(D + 2 + DELAY), new News.Confirmed(D + 2)), news(tr));
        Transition spent = machine.apply(gone, new BlockConnected(D + 2, true, false, Optional.of(SPEND)));
        assertEquals(List.of(new News.BreachSeen(D + 2 + DELAY), new News.InputsSpent(Optional.of(SPEND))), news(spent));
    }
}
