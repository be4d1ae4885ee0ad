/**
 * The wallet's side of justice: recognise a counterparty commitment, locate its revoked outputs by
 * script (BOLT 5 "Revoked Transaction Close Handling"), and build and sign the justice transactions
 * that sweep them through the revocation path, including the fee ladder and the second-stage HTLC
 * outputs.
 *
 * <p>The public API is records of bytes and numbers ({@code Bytes}, the {@code keys} and
 * {@code scripts} value types) and sealed result types; bitcoinj is confined to the package-private
 * {@code BitcoinjTransactions}. Depends on tower-protocol, the {@code keys} and {@code scripts}
 * packages, bitcoinj and BouncyCastle.
 */
package dev.vigil.justicetxbuilder.justice;
