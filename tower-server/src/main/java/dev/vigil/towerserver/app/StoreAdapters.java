package dev.vigil.towerserver.app;

import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.TipStore;
import dev.vigil.towerserver.store.ChainTipLedger;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** The glue between the store's asynchronous tip and the chain follower's blocking port. */
final class StoreAdapters {
    private StoreAdapters() {}

    /**
     * The follower's blocking {@link TipStore} over the store's asynchronous tip: the follower runs on
     * its own thread and must not advance before the tip is durable, so it waits here.
     */
    static TipStore tipStore(ChainTipLedger ledger) {
        Objects.requireNonNull(ledger, "ledger");
        return new TipStore() {
            @Override
            public Optional<ChainTip> load() {
                return join(ledger.loadTip()).map(t -> new ChainTip(new Hash256(t.blockHash()), Math.toIntExact(t.height())));
            }

            @Override
            public void save(ChainTip tip) {
                join(ledger.saveTip(new dev.vigil.towerserver.store.ChainTip(tip.hash().internalOrder(), tip.height())));
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
