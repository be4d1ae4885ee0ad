package dev.vigil.breachdetector.chain;

import java.util.Optional;

/**
 * Port: the durable record of the last processed block. Implemented by the server's store.
 *
 * <p><b>Contract.</b> Blocking: {@link #save} returns only once the tip is durable (committed);
 * it may block on disk. Threading: called from the follower's thread only. Ordering: the follower
 * saves after the listener has accepted each event, so after a crash the event for the block
 * after the stored tip may be delivered again; a store that commits the listener's effects and the
 * tip in one transaction makes delivery exactly once across crashes too.
 */
public interface TipStore {

    /** The stored tip, empty on a tower's first start. */
    Optional<ChainTip> load();

    /** Makes {@code tip} the stored tip, durably. */
    void save(ChainTip tip);
}
