package dev.vigil.towerserver.watcher;

import dev.vigil.towerserver.responder.TrackerState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the tower holds at one moment, counted on the tower thread ({@link Watcher#census()}) and
 * handed to other threads as this immutable value.
 *
 * @param users        registered users (expired ones are deleted)
 * @param appointments appointments watched (in the locator index)
 * @param trackers     breaches being answered, by the state of their justice transaction; every state present
 */
public record TowerCensus(int users, long appointments, Map<TrackerState, Integer> trackers) {
    /** Before the first count: nothing. */
    public static final TowerCensus EMPTY = new TowerCensus(0, 0, zeros());

    public TowerCensus {
        if (users < 0 || appointments < 0) {
            throw new IllegalArgumentException("counts are not negative: " + users + ", " + appointments);
        }
        Map<TrackerState, Integer> all = zeros();
        all.putAll(Objects.requireNonNull(trackers, "trackers"));
        trackers = Map.copyOf(all);
    }

    /** Justice transactions still waiting for the chain: unsent or in the mempool (the responder's outbox). */
    public int outbox() {
        return trackers.entrySet().stream().filter(e -> e.getKey().pending()).mapToInt(Map.Entry::getValue).sum();
    }

    private static Map<TrackerState, Integer> zeros() {
        Map<TrackerState, Integer> m = new EnumMap<>(TrackerState.class);
        for (TrackerState s : TrackerState.values()) {
            m.put(s, 0);
        }
        return m;
    }
}
