package dev.vigil.towerserver.watcher;

import dev.vigil.towerprotocol.Locator;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Port: every stored locator, once, for rebuilding the in-memory index at start-up
 * ({@link LocatorPrefixIndex#rebuildFrom}).
 *
 * <p><b>Contract.</b> Feeds every stored locator to {@code sink} once per appointment; {@code sink} runs
 * on the store's thread and must not block. Completes, after the last call to {@code sink}, with the
 * number of appointments. Called before the tower serves anything.
 */
public interface LocatorScan {
    CompletionStage<Long> forEachLocator(Consumer<Locator> sink);
}
