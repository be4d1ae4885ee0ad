package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.match.LocatorIndex;
import dev.vigil.towerprotocol.Locator;

/**
 * Port: the watcher's in-memory index of the locators it watches (one count per stored
 * appointment), queried once per block through {@link LocatorIndex#candidates}. Compact by
 * contract (DESIGN §10: at most 32 bytes of heap per appointment); false positives allowed.
 *
 * <p>Threading: mutated and queried on the tower thread only in this server, though
 * implementations may allow more.
 */
public interface WatchedLocators extends LocatorIndex {
    void add(Locator locator);

    void remove(Locator locator);

    /** Whether some appointment may watch {@code locator} (false positives allowed, never false negatives). */
    boolean mayContain(Locator locator);
}
