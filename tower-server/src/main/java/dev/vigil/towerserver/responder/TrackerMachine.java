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
 * Every state change yields a {@link Persist} before any {@link Send}: the shell queues the write
 * first and the store applies writes in order, so the state an answer depends on is always written
 * before the answer's own state. The shell does not wait for that write to be durable before
 * sending; a crash in between replays the block and the send (see {@code Responder}).
 */
public final class TrackerMachine {
    /** The depth, between the first confirmation and irrevocable, at which a penalty's progress is reported. */
    static final int REPORTED_DEPTH = 6;
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
        return keep(next, new Persist(next), new Send(Which.PENALTY),
                new Report(Severity.WARN, "breach: dispute " + t.disputeTxid() + " at height " + t.disputeHeight() + " matches locator "
                        + t.locator() + " of user " + t.user() + "; broadcasting penalty " + t.penaltyTxid()));
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
            return keep(next, new Persist(next), new Report(Severity.INFO, "penalty " + t.penaltyTxid() + " for dispute "
                    + t.disputeTxid() + " is in bitcoind's mempool"));
        }
        if (o instanceof AlreadyConfirmed) {
            Tracker next = t.withStatus(new Confirmed(e.tip()));
            return keep(next, new Persist(next), new Report(Severity.INFO, "penalty " + t.penaltyTxid()
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
            return keep(next, new Persist(next), new Report(Severity.WARN, "the outputs of dispute " + t.disputeTxid()
                    + " were spent by another transaction; penalty " + t.penaltyTxid() + " cannot confirm unless a reorg undoes that"));
        }
        if (o instanceof Invalid i) {
            return forget(t, false, "bitcoind rejects penalty " + t.penaltyTxid() + " as invalid: " + i.detail()
                    + "; the appointment of locator " + t.locator() + " of user " + t.user() + " was bad, forgotten without refund",
                    Severity.ERROR);
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
        Tracker base = e.hasDispute() ? t.withDisputeHeight(e.height()) : t;
        if (e.hasPenalty()) {
            Tracker next = base.withStatus(new Confirmed(e.height()));
            return keep(next, new Persist(next), new Report(Severity.INFO, "penalty " + t.penaltyTxid() + " confirmed at height "
                    + e.height() + " (depth 1 of " + policy.irrevocableDepth() + ")"));
        }
        Status s = base.status();
        if (s instanceof Confirmed c) {
            long depth = e.height() - c.height() + 1;
            if (depth >= policy.irrevocableDepth()) {
                return forget(base, true, "penalty " + t.penaltyTxid() + " is irrevocable ("
                        + policy.irrevocableDepth() + " confirmations): breach of locator " + t.locator() + " of user " + t.user()
                        + " settled, slots refunded", Severity.INFO);
            }
            if (depth == REPORTED_DEPTH) {
                Transition tr = changed(t, base);
                List<TrackerAction> actions = new ArrayList<>(tr.actions());
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
        Tracker base = e.hadDispute() ? t.withDisputeHeight(-1) : t;
        Status s = base.status();
        boolean penaltyUnmined = s instanceof Confirmed c && (e.hadPenalty() || c.height() >= e.height());
        boolean spendMayBeUndone = s instanceof SpentElsewhere;
        if (!e.hadDispute() && !penaltyUnmined && !spendMayBeUndone) {
            return changed(t, base);
        }
        List<TrackerAction> actions = new ArrayList<>();
        Tracker next = base;
        if (penaltyUnmined || spendMayBeUndone || !(s instanceof InMempool)) {
            next = base.withStatus(new Unsent(e.height() - 1, "reorg at height " + e.height()));
        }
        actions.add(new Persist(next));
        actions.add(new Send(next.disputeConfirmed() ? Which.PENALTY : Which.DISPUTE));
        actions.add(new Report(Severity.WARN, "block " + e.height() + " disconnected: "
                + (e.hadDispute() ? "dispute " + t.disputeTxid() + " left the chain, re-sending it first" : "re-sending penalty " + t.penaltyTxid())));
        return new Transition(Optional.of(next), actions);
    }

    private static Transition changed(Tracker before, Tracker after) {
        return after.equals(before) ? keep(after) : keep(after, new Persist(after));
    }

    private static Transition keep(Tracker t, TrackerAction... actions) {
        return new Transition(Optional.of(t), List.of(actions));
    }

    private static Transition forget(Tracker t, boolean refund, String why, Severity severity) {
        return new Transition(Optional.empty(), List.of(new Forget(t, refund, why), new Report(severity, why)));
    }
}
