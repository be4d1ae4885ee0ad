package dev.vigil.clientsdk;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.justicetxbuilder.justice.JusticeTx;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Txid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TowerClient#onRevokedCommitment} did with a revoked counterparty commitment. Every
 * case but {@link Queued} means nothing was stored or sent.
 */
public sealed interface RevocationResult {
    /**
     * The justice transaction (and, without anchors, one per predicted second-stage HTLC transaction)
     * was built, verified against the commitment, encrypted and signed, and is durably in the outbox
     * of every tower {@code enqueued} names, all of this state's appointments in one write.
     *
     * @param commitmentNumber the commitment number recovered from the transaction (BOLT 3 obscured
     *                         locktime and sequence)
     * @param secondStage      the appointments for the counterparty's second-stage HTLC transactions
     */
    record Queued(ChannelId channel, long commitmentNumber, Txid commitmentTxid, JusticeTx justice,
                  List<SecondStageAppointment> secondStage, EnqueueResult.Enqueued enqueued) implements RevocationResult {
        public Queued {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(commitmentTxid, "commitmentTxid");
            Objects.requireNonNull(justice, "justice");
            Objects.requireNonNull(enqueued, "enqueued");
            secondStage = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(secondStage, "secondStage")));
        }
    }

    /**
     * The justice of one second-stage HTLC transaction the counterparty could publish from the
     * revoked commitment (BOLT 5: its output pays the revoked to_local script). Its txid is known in
     * advance without anchors (BOLT 3), so it is an appointment of its own.
     */
    record SecondStageAppointment(Htlc htlc, Txid secondStageTxid, JusticeTx justice) {
        public SecondStageAppointment {
            Objects.requireNonNull(htlc, "htlc");
            Objects.requireNonNull(secondStageTxid, "secondStageTxid");
            Objects.requireNonNull(justice, "justice");
        }
    }

    /** No channel with this id is registered. */
    record UnknownChannel(ChannelId channel) implements RevocationResult {
        public UnknownChannel {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** The wallet closed the channel ({@link TowerClient#closeChannel}): it takes no new revocations. */
    record ChannelClosed(ChannelId channel) implements RevocationResult {
        public ChannelClosed {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** The wallet's {@link RevocationSigners} has no signer for the channel's revocation basepoint. */
    record NoSigner(ChannelId channel) implements RevocationResult {
        public NoSigner {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** The transaction is not a commitment of this channel. */
    record NotThisChannel(String reason) implements RevocationResult {
        public NotThisChannel {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The per-commitment secret is not the one of this commitment (its point explains none of its outputs). */
    record SecretMismatch(String reason) implements RevocationResult {
        public SecretMismatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The HTLC list does not match the commitment's outputs: {@code reason} lists what differs. */
    record HtlcMismatch(String reason) implements RevocationResult {
        public HtlcMismatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Nothing worth an appointment: the counterparty had nothing at stake in this state, or what it
     * had is below dust at the channel's sweep feerate ({@code reason} says which).
     */
    record NothingToWatch(String reason) implements RevocationResult {
        public NothingToWatch {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The justice needs more than one transaction (the sweep's weight limit): a tower holds one
     * appointment per dispute txid, so this is refused rather than half-watched. Raise the channel's
     * weight limit ({@link TowerClient#registerChannel} again with another sweep).
     */
    record NeedsSeveralTransactions(int transactions) implements RevocationResult {
        public NeedsSeveralTransactions {
            if (transactions < 2) {
                throw new IllegalArgumentException("several means at least 2: " + transactions);
            }
        }
    }

    /** The justice built does not verify against the commitment (a signer that signed something else). */
    record JusticeInvalid(String reason) implements RevocationResult {
        public JusticeInvalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The appointments were built but no tower's outbox could take them (see {@link EnqueueResult}). */
    record NotEnqueued(EnqueueResult result) implements RevocationResult {
        public NotEnqueued {
            Objects.requireNonNull(result, "result");
            if (result instanceof EnqueueResult.Enqueued) {
                throw new IllegalArgumentException("an enqueued result is Queued");
            }
        }
    }
}
