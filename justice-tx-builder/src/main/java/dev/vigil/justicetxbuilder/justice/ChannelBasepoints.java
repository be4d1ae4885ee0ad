package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.Bolt3Keys;
import dev.vigil.towerprotocol.PublicKey;
import java.util.Objects;

/**
 * One party's static channel keys, as sent in BOLT 2 {@code open_channel} / {@code accept_channel}.
 */
public record ChannelBasepoints(
        PublicKey fundingPubkey,
        PublicKey revocationBasepoint,
        PublicKey paymentBasepoint,
        PublicKey delayedPaymentBasepoint,
        PublicKey htlcBasepoint) {
    public ChannelBasepoints {
        // The key records check the encoding's shape; a basepoint must also be a point on the curve.
        Bolt3Keys.requireOnCurve(Objects.requireNonNull(fundingPubkey, "fundingPubkey"), "fundingPubkey");
        Bolt3Keys.requireOnCurve(Objects.requireNonNull(revocationBasepoint, "revocationBasepoint"), "revocationBasepoint");
        Bolt3Keys.requireOnCurve(Objects.requireNonNull(paymentBasepoint, "paymentBasepoint"), "paymentBasepoint");
        Bolt3Keys.requireOnCurve(Objects.requireNonNull(delayedPaymentBasepoint, "delayedPaymentBasepoint"), "delayedPaymentBasepoint");
        Bolt3Keys.requireOnCurve(Objects.requireNonNull(htlcBasepoint, "htlcBasepoint"), "htlcBasepoint");
    }
}
