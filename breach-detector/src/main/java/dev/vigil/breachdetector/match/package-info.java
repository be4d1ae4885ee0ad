/**
 * Matching support: a small cache of the last few blocks' transactions by locator
 * ({@link dev.vigil.breachdetector.match.RecentBlocks}), so that an appointment arriving after its
 * breach was mined is triggered at once (teos keeps 6 blocks). A block's own lookup is the watcher's
 * (tower-server), over its in-memory index and one batch read of the store.
 *
 * <p>Pure: depends on {@code dev.vigil.breachdetector.block}, tower-protocol's encoding and the JDK.
 */
package dev.vigil.breachdetector.match;
