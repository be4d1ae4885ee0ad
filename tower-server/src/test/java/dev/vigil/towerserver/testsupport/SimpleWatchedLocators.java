package dev.vigil.towerserver.testsupport;

import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerserver.watcher.WatchedLocators;
import java.util.HashMap;
import java.util.Map;

/** A boxed-map index for tests (the production one is compact). */
public final class SimpleWatchedLocators implements WatchedLocators {
    private final Map<Locator, Integer> counts = new HashMap<>();

    @Override
    public synchronized void add(Locator l) {
        counts.merge(l, 1, Integer::sum);
    }

    @Override
    public synchronized void remove(Locator l) {
        counts.computeIfPresent(l, (k, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public synchronized boolean mayContain(Locator l) {
        return counts.containsKey(l);
    }

    public synchronized int size() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public synchronized int[] candidates(LocatorBatch batch) {
        return java.util.stream.IntStream.range(0, batch.count()).filter(i -> counts.containsKey(new Locator(batch.get(i)))).toArray();
    }
}
