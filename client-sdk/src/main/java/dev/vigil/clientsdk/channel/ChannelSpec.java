package dev.vigil.clientsdk.channel;

import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.Sweep;
import java.util.Objects;

/**
 * What the wallet tells the SDK of a channel once, when it is open.
 *
 * @param parameters         both sides' basepoints, the commitment type, the funding outpoint and the
 *                           {@code to_self_delay} the wallet imposed on the counterparty
 * @param sweep              where the justice transactions pay, and the fee policy: the feerate they
 *                           are signed at and the weight no one of them may exceed
 * @param remoteDustLimitSat the counterparty's {@code dust_limit_satoshis} (its open/accept message):
 *                           HTLCs below it (plus their second-stage fee) are trimmed from its
 *                           commitments (BOLT 3 "Trimmed Outputs"), which the SDK must know to tell a
 *                           trimmed HTLC from a wrong HTLC list
 */
public record ChannelSpec(ChannelParameters parameters, Sweep sweep, long remoteDustLimitSat) {
    /** BOLT 2: {@code dust_limit_satoshis} must not be below 354 (the smallest standard dust limit). */
    public static final long MIN_DUST_LIMIT_SAT = 354;
    /** A sanity bound well above any node's default (546); larger is a unit mistake (msat for sat). */
    public static final long MAX_DUST_LIMIT_SAT = 100_000;

    public ChannelSpec {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(sweep, "sweep");
        if (remoteDustLimitSat < MIN_DUST_LIMIT_SAT || remoteDustLimitSat > MAX_DUST_LIMIT_SAT) {
            throw new IllegalArgumentException("dust_limit_satoshis must be in [" + MIN_DUST_LIMIT_SAT + ", "
                    + MAX_DUST_LIMIT_SAT + "], got " + remoteDustLimitSat);
        }
    }

    public ChannelId id() {
        return new ChannelId(parameters.fundingOutpoint());
    }
}
