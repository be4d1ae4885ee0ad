package dev.vigil.breachdetector.rpc;

import java.time.Duration;

/**
 * Port: waits between retries. The default is {@link Thread#sleep}; tests pass one that returns at
 * once (and can act, e.g. rewrite the cookie file, as a restarting bitcoind would).
 *
 * <p>Blocking: blocks the calling thread for about {@code duration}; interruptible.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
