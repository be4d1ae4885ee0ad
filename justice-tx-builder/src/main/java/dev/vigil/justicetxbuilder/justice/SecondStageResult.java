package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Txid;
import java.util.List;
import java.util.Objects;

/**
 * Justice prebuilt for the second-stage HTLC transactions the counterparty could publish from a
 * revoked commitment (see {@link JusticeTxBuilder#secondStageJustice}).
 */
public sealed interface SecondStageResult
        permits SecondStageResult.Predicted, SecondStageResult.Unpredictable, NotACommitment {

    /** One entry per HTLC output of the commitment. */
    record Predicted(List<SecondStageJustice> entries) implements SecondStageResult {
        public Predicted {
            entries = Lists.copyOf(entries);
        }
    }

    /**
     * With option_anchors the counterparty signs its HTLC transactions SINGLE|ANYONECANPAY and adds its
     * own fee inputs, so their txids cannot be known in advance.
     */
    record Unpredictable(String reason) implements SecondStageResult {
        public Unpredictable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param htlc          the HTLC
     * @param htlcOutput    its output on the commitment
     * @param secondStageTxid the txid of the HTLC-timeout (offered) or HTLC-success (received)
     *                      transaction that spends it: the dispute txid of this justice
     * @param justice       the justice spending that transaction's output
     */
    record SecondStageJustice(Htlc htlc, RevokedOutput htlcOutput, Txid secondStageTxid, JusticeResult justice) {
        public SecondStageJustice {
            Objects.requireNonNull(htlc, "htlc");
            Objects.requireNonNull(htlcOutput, "htlcOutput");
            Objects.requireNonNull(secondStageTxid, "secondStageTxid");
            Objects.requireNonNull(justice, "justice");
        }
    }
}
