/**
 * BOLT 3 scripts: the to_local, to_remote, anchor and HTLC witness scripts of a commitment
 * transaction for legacy, static_remotekey and anchor-output channels, their P2WSH/P2WPKH output
 * scripts, and commitment-number obscuring (03-transactions.md, "Commitment Transaction").
 *
 * <p>Pure byte building: depends on tower-protocol's {@code Bytes}, {@code PublicKey} and
 * {@code Hashes}, its {@code monitor.CommitmentShape} (the commitment tags, shared with the tower),
 * and the {@code keys} package; no bitcoinj.
 */
package dev.vigil.justicetxbuilder.scripts;
