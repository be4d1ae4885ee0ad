/**
 * Benchmarks of what the client SDK costs a phone: reporting one revoked state
 * ({@code TowerClient.onRevokedCommitment}) against the bare justice build of the same state.
 * Depends on client-sdk, justice-tx-builder, tower-protocol and bitcoinj (to serialize the
 * commitments the benchmark reports).
 */
package dev.vigil.bench.sdk;
