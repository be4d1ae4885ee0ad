package dev.vigil.breachdetector.chain;

import java.util.Optional;

/**
 * Port: the durable record of the last processed block. Implemented by the server's store.
 *
 * <p><b>Contract.</b> Threading: called from the follower's thread (and once by whoever builds the
 * follower, before it starts). {@link #load} blocks until
 * it has read the stored tip, and sees every tip saved before it. {@link #save} need not wait for the
 * disk: it records the tip behind everything the listener made durable before it (the follower saves
 * only after the listener has accepted the block's event, and a listener returns only once the
 * block's effects are durable), and may return before the tip itself is. So after a crash the stored
 * tip may be a block behind the last one processed, and the events after it are delivered again:
 * the listener must take a block's event twice without acting twice, as it must anyway after a
 * failure. A store that commits the listener's effects and the tip in one transaction makes
 * delivery exactly once across crashes too; the tower's store does (its listener commits each block's
 * effects with the block's tip, and a {@code save} of a tip already stored writes nothing:
 * docs/tower-server.md, "Per-block work").
 */
public interface TipStore {

    /** The stored tip, empty on a tower's first start. */
    Optional<ChainTip> load();

    /** Makes {@code tip} the stored tip, no later than the store's next commit. */
    void save(ChainTip tip);
}
