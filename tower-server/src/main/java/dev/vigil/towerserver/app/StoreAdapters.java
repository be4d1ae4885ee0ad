package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerserver.store.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.WatchedLocators;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/** The glue between the store's implementations and the watcher's ports. */
final class StoreAdapters {
    private StoreAdapters() {}

    /** The watcher's index over the compact prefix table. */
    static WatchedLocators watchedLocators(LocatorPrefixIndex index) {
        Objects.requireNonNull(index, "index");
        return new WatchedLocators() {
            @Override
            public void add(Locator locator) {
                index.add(locator);
            }

            @Override
            public void remove(Locator locator) {
                index.remove(locator);
            }

            @Override
            public boolean mayContain(Locator locator) {
                return index.mayContain(locator);
            }

            @Override
            public int[] candidates(LocatorBatch batch) {
                return index.candidates(batch.count(), batch::high);
            }
        };
    }

    static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
