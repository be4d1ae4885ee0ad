package dev.vigil.justicetxbuilder.justice;

import java.util.Objects;

/** The transaction is not a commitment of this channel (or does not parse). */
public record NotACommitment(String reason)
        implements Recognition, LocateResult, JusticeResult, SecondStageResult, CommitmentAudit {
    public NotACommitment {
        Objects.requireNonNull(reason, "reason");
    }
}
