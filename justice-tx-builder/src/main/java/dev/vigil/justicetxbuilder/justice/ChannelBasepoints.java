package dev.vigil.justicetxbuilder.justice;

import dev.vigil.justicetxbuilder.keys.PublicKey;
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
        Objects.requireNonNull(fundingPubkey, "fundingPubkey");
        Objects.requireNonNull(revocationBasepoint, "revocationBasepoint");
        Objects.requireNonNull(paymentBasepoint, "paymentBasepoint");
        Objects.requireNonNull(delayedPaymentBasepoint, "delayedPaymentBasepoint");
        Objects.requireNonNull(htlcBasepoint, "htlcBasepoint");
    }
}
