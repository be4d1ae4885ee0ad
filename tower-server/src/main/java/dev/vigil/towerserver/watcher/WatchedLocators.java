package dev.vigil.towerserver.watcher;

import dev.vigil.breachdetector.block.LocatorBatch;
import dev.vigil.towerprotocol.Locator;

/**
 * Port: the watcher's in-memory index of the locators it watches, one count per stored appointment,
 * queried once per block. Implemented by {@link LocatorPrefixIndex}.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li><b>Answers:</b> false positives are allowed (an index keyed on a prefix of the locator: the
 *       watcher confirms each hit with one {@link BreachLookup#findByLocators} read); false negatives
 *       are not: every locator added and not removed is reported.</li>
 *   <li><b>Cost:</b> in memory only, never blocking; O(batch size) per block; compact (DESIGN §10: at
 *       most 32 bytes of heap per appointment).</li>
 *   <li><b>Threading:</b> read and changed on the tower thread only; implementations need no lock.</li>
 * </ul>
 */
public interface WatchedLocators {
    /** Counts one more appointment on {@code locator}. */
    void add(Locator locator);

    /** Counts one appointment fewer on {@code locator}; false (and no change) if none was counted. */
    boolean remove(Locator locator);

    /** Whether some appointment may watch {@code locator}. */
    boolean mayContain(Locator locator);

    /**
     * The positions {@code i} in {@code batch} (one block's locators, in block order) whose locator may
     * be watched, strictly ascending, in a fresh array the caller owns; empty when nothing matches.
     */
    int[] candidates(LocatorBatch batch);

    /** Appointments counted: adds minus successful removes. */
    long size();
}
