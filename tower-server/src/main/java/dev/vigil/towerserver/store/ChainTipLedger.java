package dev.vigil.towerserver.store;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port (provisional): the durable record of the chain follower's last processed block. Declared here
 * until the breach-detector follower's own tip port is wired to the store; an adapter to that port
 * is one line per method.
 *
 * <p><b>Contract.</b> As the other ledgers: {@link #saveTip} completes only after the commit that
 * makes the tip durable; writes from one caller apply in issue order; stages complete on the store's
 * owner thread; nothing blocks the caller; a failed stage means the tip was not saved.
 */
public interface ChainTipLedger {
    /** The stored tip; empty on a tower's first start. */
    CompletionStage<Optional<ChainTip>> loadTip();

    /** Makes {@code tip} the stored tip, durably. */
    CompletionStage<Void> saveTip(ChainTip tip);
}
