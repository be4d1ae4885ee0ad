package dev.vigil.breachdetector.testing;

import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.TipStore;
import java.util.Optional;

/**
 * The tower's durable tip in memory, for tests: it survives follower restarts (a new follower over
 * the same store resumes from it) and counts its saves. {@link #tip} may be set directly to give a
 * tower a stored tip, and read from any thread.
 */
public final class InMemoryTipStore implements TipStore {
    /** The stored tip; {@code null} before the first save, as on a tower's first start. */
    public volatile ChainTip tip;
    private volatile int saves;

    @Override
    public Optional<ChainTip> load() {
        return Optional.ofNullable(tip);
    }

    @Override
    public void save(ChainTip t) {
        tip = t;
        saves++;
    }

    /** How many times {@link #save} was called. */
    public int saves() {
        return saves;
    }
}
