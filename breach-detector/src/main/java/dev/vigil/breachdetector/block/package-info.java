/**
 * Bitcoin block and transaction parsing: the consensus serialization (BIP144 segwit marker, flag and
 * witnesses), block hashes, txids over the non-witness serialization, merkle roots (and whether a
 * header commits to its transactions) and the compact per-block locator batch the watcher looks up.
 *
 * <p>Pure: depends on the JDK and {@code dev.vigil.towerprotocol.encoding} only. Hostile input
 * yields a {@link dev.vigil.breachdetector.block.ParseResult.Malformed} naming the problem and its
 * offset; nothing here allocates in proportion to a length or count read from the input before
 * checking it against the bytes actually present.
 */
package dev.vigil.breachdetector.block;
