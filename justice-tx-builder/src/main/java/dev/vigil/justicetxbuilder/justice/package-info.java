/**
 * The wallet's side of justice: recognise a counterparty commitment, locate its revoked outputs by
 * script (BOLT 5 "Revoked Transaction Close Handling"), and build and sign the justice transactions
 * that sweep them through the revocation path, including the fee ladder and the second-stage HTLC
 * outputs. It also audits a revoked commitment against its secret and HTLC list before anything is
 * stored ({@code CommitmentAudit}).
 *
 * <p>The revocation basepoint secret sits behind {@link dev.vigil.justicetxbuilder.justice.RevocationSigner},
 * a port declared here where penalty inputs are signed, so that it can live in a hardware or
 * separate-process signer; {@code RevocationSigner.of} is the in-memory one.
 *
 * <p>The public API is records of bytes and numbers ({@code Bytes}, the {@code keys} and
 * {@code scripts} value types) and sealed result types; bitcoinj is confined to the package-private
 * {@code BitcoinjTransactions}. Depends on tower-protocol, the {@code keys} and {@code scripts}
 * packages, bitcoinj and BouncyCastle.
 */
package dev.vigil.justicetxbuilder.justice;
