package dev.vigil.breachdetector.match;

import dev.vigil.breachdetector.block.LocatorBatch;

/**
 * Port: which locators of a block have appointments watching them. Implemented by the server's hot
 * in-memory index (compact, primitive arrays; DESIGN §5); consumed by the server's watcher, once
 * per connected block.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li><b>Result:</b> the positions {@code i} in {@code batch} whose locator may be watched, in
 *       strictly ascending order (block order). False positives are allowed (an index keyed on a
 *       prefix of the locator); the caller confirms each against the store. False negatives are
 *       not: every locator whose appointment was durably added before the call began must be
 *       reported.</li>
 *   <li><b>Blocking:</b> in memory only; must not block on disk or network I/O, nor wait on a lock
 *       held across I/O. Expected cost is O(batch size).</li>
 *   <li><b>Threading:</b> called on the thread that also adds and removes the appointments (in
 *       the server, the tower thread), one call at a time; an implementation needs no
 *       synchronisation for this port.</li>
 * </ul>
 */
public interface LocatorIndex {

    /**
     * The positions in {@code batch} whose locators may have appointments, ascending.
     *
     * @param batch the locators of one block's transactions, in block order
     * @return a fresh array the caller owns; empty when nothing matches
     */
    int[] candidates(LocatorBatch batch);
}
