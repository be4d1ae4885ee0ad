package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import java.util.List;
import java.util.Objects;

/** The revoked outputs of a commitment (see {@link JusticeTxBuilder#locate}). */
public sealed interface LocateResult permits LocateResult.Located, NotACommitment {
    /**
     * @param commitment  the recognised commitment
     * @param outputs     to_local (if present) and every HTLC output found, in output order; empty
     *                    when nothing matched (nothing at stake, or the wrong per-commitment point)
     * @param absentHtlcs HTLCs of the state with no output: trimmed as dust on this commitment
     */
    record Located(Recognition.Commitment commitment, List<RevokedOutput> outputs, List<Htlc> absentHtlcs)
            implements LocateResult {
        public Located {
            Objects.requireNonNull(commitment, "commitment");
            outputs = Lists.copyOf(outputs);
            absentHtlcs = Lists.copyOf(absentHtlcs);
        }
    }
}
