/**
 * Matching connected blocks against the locators of stored appointments: the
 * {@link dev.vigil.breachdetector.match.LocatorIndex} port for the one batch lookup per block (the
 * server's watcher makes it), and a small cache of the last few blocks' locators
 * ({@link dev.vigil.breachdetector.match.RecentBlocks}) so that an appointment arriving after its
 * breach was mined is triggered at once (teos keeps 6 blocks).
 *
 * <p>Pure: depends on {@code dev.vigil.breachdetector.block}, tower-protocol's encoding and the JDK.
 * No storage technology: the index behind the port lives in the server's store.
 */
package dev.vigil.breachdetector.match;
