package dev.vigil.towerserver.admin;

import java.util.Locale;

/**
 * Whether the tower can do its job now: its store is open, bitcoind answers, and the chain is
 * followed to the node's best block as the last walk saw it.
 *
 * @param tipHeight  the last block the tower processed
 * @param nodeHeight the node's best block as the chain follower last saw it (0 before any walk)
 */
public record Readiness(boolean storeOpen, boolean bitcoindReachable, long tipHeight, long nodeHeight) {
    public Readiness {
        if (tipHeight < 0 || nodeHeight < 0) {
            throw new IllegalArgumentException("heights are not negative: " + tipHeight + ", " + nodeHeight);
        }
    }

    /** The tower has processed every block the node had at the last walk. */
    public boolean synced() {
        return bitcoindReachable && tipHeight >= nodeHeight;
    }

    /** Ready to be sent traffic: store open, node reachable, chain synced. */
    public boolean ready() {
        return storeOpen && synced();
    }

    /** {@code {"ready":…,"store_open":…,"bitcoind_reachable":…,"synced":…,"tip_height":…,"node_height":…}}. */
    String json() {
        return String.format(Locale.ROOT,
                "{\"ready\":%b,\"store_open\":%b,\"bitcoind_reachable\":%b,\"synced\":%b,\"tip_height\":%d,\"node_height\":%d}",
                ready(), storeOpen, bitcoindReachable, synced(), tipHeight, nodeHeight);
    }

    /**
     * Where the admin listener reads the tower's state. Contract: called on an event loop, so it
     * must not block: it reads state other threads publish (volatile fields), nothing more.
     */
    @FunctionalInterface
    public interface Source {
        Readiness readiness();
    }
}
