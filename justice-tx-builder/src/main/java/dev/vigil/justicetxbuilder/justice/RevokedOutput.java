package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * An output the wallet can take through the revocation path.
 *
 * @param kind          what it is, which decides its penalty witness
 * @param outpoint      where it is
 * @param amountSat     its value (signed over, BIP143)
 * @param witnessScript the P2WSH script it pays to
 * @param htlc          the HTLC, for HTLC outputs
 */
public record RevokedOutput(Kind kind, OutPoint outpoint, long amountSat, Bytes witnessScript, Optional<Htlc> htlc) {
    /** The kinds of revocable output. */
    public enum Kind {
        /** The counterparty's to_local: witness {@code <sig> 01 <script>}. */
        TO_LOCAL,
        /** An HTLC output: witness {@code <sig> <revocationpubkey> <script>}. */
        OFFERED_HTLC,
        /** An HTLC output: witness {@code <sig> <revocationpubkey> <script>}. */
        RECEIVED_HTLC,
        /** The output of an HTLC-timeout or HTLC-success tx: to_local's script, same witness. */
        SECOND_STAGE_HTLC;

        /** Whether the second witness item is the revocation pubkey (else the byte 0x01 choosing OP_IF). */
        public boolean isHtlcScript() {
            return this == OFFERED_HTLC || this == RECEIVED_HTLC;
        }
    }

    public RevokedOutput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outpoint, "outpoint");
        Objects.requireNonNull(witnessScript, "witnessScript");
        Objects.requireNonNull(htlc, "htlc");
        if (amountSat <= 0) {
            throw new IllegalArgumentException("amountSat must be positive");
        }
        if (kind.isHtlcScript() != htlc.isPresent()) {
            throw new IllegalArgumentException("an HTLC output, and only one, names its HTLC");
        }
    }
}
