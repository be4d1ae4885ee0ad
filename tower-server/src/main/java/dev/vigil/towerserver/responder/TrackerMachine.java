package dev.vigil.towerserver.responder;

import dev.vigil.towerserver.responder.BroadcastOutcome.Accepted;
import dev.vigil.towerserver.responder.BroadcastOutcome.AlreadyConfirmed;
import dev.vigil.towerserver.responder.BroadcastOutcome.Invalid;
import dev.vigil.towerserver.responder.BroadcastOutcome.MissingInputs;
import dev.vigil.towerserver.responder.BroadcastOutcome.RetryLater;
import dev.vigil.towerserver.responder.BroadcastOutcome.Unreachable;
import dev.vigil.towerserver.responder.Tracker.Status;
import dev.vigil.towerserver.responder.Tracker.Status.Confirmed;
import dev.vigil.towerserver.responder.Tracker.Status.InMempool;
import dev.vigil.towerserver.responder.Tracker.Status.SpentElsewhere;
import dev.vigil.towerserver.responder.Tracker.Status.Unsent;
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
import java.util.Objects;
import java.util.Optional;

/**
 * The life of a justice transaction, from breach to irrevocable, as a pure function
 * {@code (Tracker, TrackerEvent) → Transition}. No I/O, no clock, no randomness: the shell
 * ({@code Responder}) feeds it chain events and carrier answers and executes the actions.
 *
 * <p>The rules (DESIGN §4, bitcoind-interface.md §2.1, rust-teos {@code responder.rs}):
 * <ul>
 *   <li>Send the penalty at once. Accepted (or already in the mempool) → in mempool; "already in
 *       the UTXO set" → confirmed, counted from the height it was learnt (never overestimates depth).
 *   <li>Missing inputs while the dispute is not in the chain → send the dispute first, then the
 *       penalty once bitcoind has the dispute. Missing inputs while the dispute is confirmed → its
 *       outputs were spent by another transaction: wait (a reorg may undo it) and forget it, without
 *       refund, once that spend is as deep as {@code irrevocableDepth}.
 *   <li>Retry-later answers (non-final, non-BIP68-final, fee floors, conflicts) and an unreachable
 *       bitcoind → try again at the next block.
 *   <li>Invalid (script or decode failure) → the user's blob was bad: forget without refund.
 *   <li>In the mempool for {@code rebroadcastAfter} blocks → re-send at every block.
 *   <li>Mined → count confirmations; at {@code irrevocableDepth} forget it and refund the slots.
 *   <li>A reorg that removes the dispute → re-send the dispute, then the penalty; one that removes
 *       only the penalty → re-send the penalty.
 * </ul>
 * What the user's channel-monitoring log is told comes as {@link Announce} actions after the
 * transition's {@link Persist} (docs/monitoring.md 2.1, 7.4): breach seen and justice broadcast at the
 * breach (and again when the dispute re-enters the chain), in mempool, confirmed, the reported depths,
 * irrevocable, failed (inputs spent elsewhere, or rejected), the deadline at risk (once per confirmation
 * of the dispute, at the first block {@code deadlineWarnBlocks} or fewer before
 * {@code dispute height + to_self_delay} while the penalty is unmined), and retractions of the
 * retractable ones when the block that held their fact leaves the chain.
 *
 * <p>Every state change yields a {@link Persist} before any {@link Send}: the shell queues the write
 * first and the store applies writes in order, so the state an answer depends on is always written
 * before the answer's own state. The shell does not wait for that write to be durable before
 * sending; a crash in between replays the block and the send (see {@code Responder}).
 */
public final class TrackerMachine {
    private final ResponderPolicy policy;

    public TrackerMachine(ResponderPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public Transition apply(Tracker t, TrackerEvent event) {
        if (event instanceof Triggered e) {
            return triggered(t, e);
        }
        if (event instanceof Answered e) {
            return e.which() == Which.PENALTY ? penaltyAnswered(t, e) : disputeAnswered(t, e);
        }
        if (event instanceof BlockConnected e) {
            return connected(t, e);
        }
        return disconnected(t, (BlockDisconnected) event);
    }

    private Transition triggered(Tracker t, Triggered e) {
        Tracker next = t.withStatus(new Unsent(e.tip(), "not sent yet"));
        List<TrackerAction> actions = new ArrayList<>(List.of(new Persist(next), new Send(Which.PENALTY)));
        breachSeen(next).ifPresent(actions::add);
        actions.add(new Announce(new News.JusticeBroadcast()));
        actions.add(new Report(Severity.WARN, "breach: dispute " + t.disputeTxid() + " at height " + t.disputeHeight() + " matches locator "
                + t.locator() + " of user " + t.user() + "; broadcasting penalty " + t.penaltyTxid()));
        // A to_self_delay no longer than the warning window is at risk from the breach's own block on.
        return deadlineCheck(t, new Transition(Optional.of(next), actions), e.tip());
    }

    private Transition penaltyAnswered(Tracker t, Answered e) {
        BroadcastOutcome o = e.outcome();
        if (t.status() instanceof Confirmed) {
            return keep(t); // a stale answer: the chain already told us more
        }
        if (o instanceof Accepted) {
            if (t.status() instanceof InMempool) {
                return keep(t);
            }
            Tracker next = t.withStatus(new InMempool(e.tip(), e.tip()));
            return keep(next, new Persist(next), new Announce(new News.InMempool()), new Report(Severity.INFO, "penalty " + t.penaltyTxid() + " for dispute "
                    + t.disputeTxid() + " is in bitcoind's mempool"));
        }
        if (o instanceof AlreadyConfirmed) {
            Tracker next = t.withStatus(new Confirmed(e.tip()));
            return keep(next, new Persist(next), new Announce(new News.Confirmed(e.tip())), new Report(Severity.INFO, "penalty " + t.penaltyTxid()
                    + " is already confirmed (bitcoind: in the UTXO set); its depth counts from height " + e.tip()));
        }
        if (o instanceof MissingInputs m) {
            if (!t.disputeConfirmed()) {
                Tracker next = t.withStatus(new Unsent(e.tip(), "dispute unknown to bitcoind: " + m.detail()));
                return keep(next, new Persist(next), new Send(Which.DISPUTE), new Report(Severity.INFO, "dispute " + t.disputeTxid()
                        + " is unknown to bitcoind (" + m.detail() + "): sending it first, then penalty " + t.penaltyTxid()));
            }
            if (t.status() instanceof SpentElsewhere) {
                return keep(t);
            }
            Tracker next = t.withStatus(new SpentElsewhere(e.tip()));
            return keep(next, new Persist(next), new Announce(new News.InputsSpent(Optional.empty())), new Report(Severity.WARN, "the outputs of dispute " + t.disputeTxid()
                    + " were spent by another transaction; penalty " + t.penaltyTxid() + " cannot confirm unless a reorg undoes that"));
        }
        if (o instanceof Invalid i) {
            return forget(t, false, "bitcoind rejects penalty " + t.penaltyTxid() + " as invalid: " + i.detail()
                    + "; the appointment of locator " + t.locator() + " of user " + t.user() + " was bad, forgotten without refund",
                    Severity.ERROR, new News.Rejected());
        }
        String why = o instanceof RetryLater r ? r.detail() : "bitcoind unreachable: " + ((Unreachable) o).detail();
        Tracker next = t.withStatus(new Unsent(e.tip(), why));
        if (next.equals(t)) {
            return keep(t);
        }
        if (t.status() instanceof Unsent u && u.lastAnswer().equals(why)) {
            return keep(next, new Persist(next)); // said already: the same answer at every block is not news
        }
        return keep(next, new Persist(next), new Report(o instanceof RetryLater ? Severity.INFO : Severity.WARN, "penalty "
                + t.penaltyTxid() + " not accepted yet (" + why + "); retrying at every block"));
    }

    private Transition disputeAnswered(Tracker t, Answered e) {
        BroadcastOutcome o = e.outcome();
        if (o instanceof Accepted || o instanceof AlreadyConfirmed) {
            return keep(t, new Send(Which.PENALTY));
        }
        if (o instanceof Invalid i) {
            // The dispute was valid when it was mined; now something (a double spend of its inputs
            // after a reorg) makes it impossible. Keep trying the penalty at each block.
            return keep(t, new Report(Severity.WARN, "bitcoind rejects dispute " + t.disputeTxid() + ": " + i.detail()));
        }
        return keep(t); // retry at the next block, dispute first while it is not in the chain
    }

    private Transition connected(Tracker t, BlockConnected e) {
        boolean reentered = e.hasDispute() && !t.disputeConfirmed();
        Transition tr = advance(t, e);
        if (reentered && tr.next().isPresent()) {
            // The dispute is in a block again after a reorg took it out (a first confirmation comes with
            // the tracker, Triggered): the user hears of it as a new breach_seen, and of the re-send.
            // They come before what the block itself did to the tracker (its penalty confirmed, its
            // inputs spent elsewhere: advance's announcements), so the wallet never reads of a
            // confirmation before the breach it belongs to (docs/monitoring.md 2.3).
            List<TrackerAction> actions = new ArrayList<>(tr.actions());
            int at = 0;
            while (at < actions.size() && !(actions.get(at) instanceof Announce)) {
                at++;
            }
            List<TrackerAction> seen = new ArrayList<>(2);
            breachSeen(tr.next().get()).ifPresent(seen::add);
            if (actions.stream().anyMatch(a -> a instanceof Send s && s.which() == Which.PENALTY)) {
                seen.add(new Announce(new News.JusticeBroadcast()));
            }
            actions.addAll(at, seen);
            tr = new Transition(tr.next(), actions);
        }
        return deadlineCheck(t, tr, e.height());
    }

    /**
     * The deadline watch (docs/monitoring.md 2.5, 7.4), after the block's own transition: once per
     * confirmation of the dispute, at the first block at or past {@code deadline - deadlineWarnBlocks}
     * while the penalty is not mined. A penalty confirmed in that very block gets no warning.
     */
    private Transition deadlineCheck(Tracker before, Transition tr, long height) {
        if (tr.next().isEmpty()) {
            return tr;
        }
        Tracker n = tr.next().get();
        long deadline = n.deadlineHeight();
        TrackerState state = TrackerState.of(n.status());
        if (n.deadlineWarned() || deadline < 0 || !state.pending() || height < deadline - policy.deadlineWarnBlocks()) {
            return tr;
        }
        Tracker warned = n.withDeadlineWarned(true);
        List<TrackerAction> actions = new ArrayList<>();
        for (TrackerAction a : tr.actions()) {
            if (!(a instanceof Persist)) {
                actions.add(a);
            }
        }
        long left = Math.max(0, deadline - height);
        actions.add(0, new Persist(warned));
        actions.add(new Announce(new News.DeadlineAtRisk(deadline, left, state)));
        actions.add(new Report(Severity.WARN, "penalty " + before.penaltyTxid() + " for dispute " + before.disputeTxid()
                + " is still " + state.label() + " " + left + " block(s) before its deadline at height " + deadline
                + " (to_self_delay " + n.toSelfDelay() + "): the cheater can sweep to_local from then on"));
        return new Transition(Optional.of(warned), actions);
    }

    private Transition advance(Tracker t, BlockConnected e) {
        Tracker base = e.hasDispute() ? t.withDisputeHeight(e.height()) : t;
        if (e.hasPenalty()) {
            Tracker next = base.withStatus(new Confirmed(e.height()));
            return keep(next, new Persist(next), new Announce(new News.Confirmed(e.height())), new Report(Severity.INFO, "penalty "
                    + t.penaltyTxid() + " confirmed at height " + e.height() + " (depth 1 of " + policy.irrevocableDepth() + ")"));
        }
        Status s = base.status();
        if (e.foreignSpend().isPresent() && !(s instanceof Confirmed) && !(s instanceof SpentElsewhere)) {
            Tracker.ForeignSpend f = e.foreignSpend().get();
            Tracker next = base.withStatus(new SpentElsewhere(e.height(), Optional.of(f)));
            return keep(next, new Persist(next), new Announce(new News.InputsSpent(Optional.of(f))), new Report(Severity.WARN,
                    "output " + f.vout() + " of dispute " + t.disputeTxid() + " was spent by " + f.spendingTxid() + " at height "
                    + e.height() + "; penalty " + t.penaltyTxid() + " cannot confirm unless a reorg undoes that"));
        }
        if (s instanceof Confirmed c) {
            long depth = e.height() - c.height() + 1;
            if (depth >= policy.irrevocableDepth()) {
                return forget(base, true, "penalty " + t.penaltyTxid() + " is irrevocable ("
                        + policy.irrevocableDepth() + " confirmations): breach of locator " + t.locator() + " of user " + t.user()
                        + " settled, slots refunded", Severity.INFO, new News.Irrevocable(c.height(), depth, t.slots()));
            }
            if (policy.reportedDepths().contains((int) depth)) {
                Transition tr = changed(t, base);
                List<TrackerAction> actions = new ArrayList<>(tr.actions());
                actions.add(new Announce(new News.Depth(c.height(), depth)));
                actions.add(new Report(Severity.INFO, "penalty " + t.penaltyTxid() + " at depth " + depth + " of "
                        + policy.irrevocableDepth()));
                return new Transition(tr.next(), actions);
            }
            return changed(t, base);
        }
        if (s instanceof SpentElsewhere se) {
            if (e.height() - se.sinceHeight() + 1 >= policy.irrevocableDepth()) {
                return forget(base, false, "the other spend of dispute " + t.disputeTxid() + " is irrevocable", Severity.WARN);
            }
            return changed(t, base);
        }
        if (s instanceof InMempool m) {
            if (e.height() - m.sinceHeight() >= policy.rebroadcastAfter()) {
                Tracker next = base.withStatus(new InMempool(m.sinceHeight(), e.height()));
                return keep(next, new Persist(next), new Send(base.disputeConfirmed() ? Which.PENALTY : Which.DISPUTE));
            }
            return changed(t, base);
        }
        Unsent u = (Unsent) s;
        Tracker next = base.withStatus(new Unsent(e.height(), u.lastAnswer()));
        return keep(next, new Persist(next), new Send(base.disputeConfirmed() ? Which.PENALTY : Which.DISPUTE));
    }

    private Transition disconnected(Tracker t, BlockDisconnected e) {
        Tracker base = e.hadDispute() ? t.withDisputeHeight(-1).withDeadlineWarned(false) : t;
        Status s = base.status();
        boolean penaltyUnmined = s instanceof Confirmed c && (e.hadPenalty() || c.height() >= e.height());
        // A spend a block showed is undone only with its block; one bitcoind told of (spender unknown)
        // may be undone by any reorg.
        boolean spendMayBeUndone = s instanceof SpentElsewhere se && (se.spend().isEmpty() || se.sinceHeight() >= e.height());
        if (!e.hadDispute() && !penaltyUnmined && !spendMayBeUndone) {
            return changed(t, base);
        }
        List<TrackerAction> actions = new ArrayList<>();
        List<TrackerAction> retractions = new ArrayList<>();
        Tracker.Announced announced = base.announced();
        if (e.hadDispute() && announced.breachSeen() > 0) {
            retractions.add(new Announce(new News.Retracted(announced.breachSeen(), Kind.BREACH_SEEN)));
            announced = announced.withBreachSeen(0);
        }
        if (penaltyUnmined && announced.justiceConfirmed() > 0) {
            retractions.add(new Announce(new News.Retracted(announced.justiceConfirmed(), Kind.JUSTICE_CONFIRMED)));
            announced = announced.withJusticeConfirmed(0);
        }
        if (spendMayBeUndone && announced.justiceFailed() > 0) {
            retractions.add(new Announce(new News.Retracted(announced.justiceFailed(), Kind.JUSTICE_FAILED)));
            announced = announced.withJusticeFailed(0);
        }
        Tracker next = base.withAnnounced(announced);
        if (penaltyUnmined || spendMayBeUndone || !(s instanceof InMempool)) {
            next = next.withStatus(new Unsent(e.height() - 1, "reorg at height " + e.height()));
        }
        actions.add(new Persist(next));
        actions.add(new Send(next.disputeConfirmed() ? Which.PENALTY : Which.DISPUTE));
        actions.add(new Report(Severity.WARN, "block " + e.height() + " disconnected: "
                + (e.hadDispute() ? "dispute " + t.disputeTxid() + " left the chain, re-sending it first" : "re-sending penalty " + t.penaltyTxid())));
        actions.addAll(retractions);
        return new Transition(Optional.of(next), actions);
    }

    private static Transition changed(Tracker before, Tracker after) {
        return after.equals(before) ? keep(after) : keep(after, new Persist(after));
    }

    private static Transition keep(Tracker t, TrackerAction... actions) {
        return new Transition(Optional.of(t), List.of(actions));
    }

    private static Transition forget(Tracker t, boolean refund, String why, Severity severity, News news) {
        return new Transition(Optional.empty(), List.of(new Forget(t, refund, why), new Announce(news), new Report(severity, why)));
    }

    private static Transition forget(Tracker t, boolean refund, String why, Severity severity) {
        return new Transition(Optional.empty(), List.of(new Forget(t, refund, why), new Report(severity, why)));
    }

    /**
     * {@code breach_seen}, with the deadline {@code dispute height + to_self_delay} (docs/monitoring.md
     * 2.5), for a tracker whose dispute is in the chain; none otherwise.
     */
    private static Optional<TrackerAction> breachSeen(Tracker t) {
        if (!t.disputeConfirmed()) {
            return Optional.empty();
        }
        return Optional.of(new Announce(new News.BreachSeen(t.disputeHeight() + t.toSelfDelay())));
    }
}
