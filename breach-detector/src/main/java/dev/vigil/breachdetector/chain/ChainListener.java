package dev.vigil.breachdetector.chain;

/**
 * Port: receives the follower's events (the watcher, the responder, the locator matcher).
 *
 * <p><b>Contract.</b> Threading: called on the follower's thread, one event at a time, in chain
 * order: disconnections tip first, then connections parent first. Each block is delivered once per
 * direction per reorg within a run (see {@link TipStore} for crashes). Blocking: may block (it
 * runs on a worker); while it runs the follower waits. If it throws, the follower stops the walk
 * without saving that block as the tip, and the next reconcile delivers the same event again.
 */
@FunctionalInterface
public interface ChainListener {
    void onEvent(ChainEvent event);
}
