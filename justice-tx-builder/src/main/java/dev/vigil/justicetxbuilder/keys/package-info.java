/**
 * BOLT 3 "Keys" (03-transactions.md): secp256k1 key values, per-commitment points, the simple tweak
 * (localpubkey, htlcpubkey, delayedpubkey), the revocation key pair, and per-commitment secrets
 * (generation from a seed and the compact receiver storage of Appendix D).
 *
 * <p>Depends on tower-protocol's value types ({@code Bytes}, {@code PublicKey}, {@code PrivateKey},
 * {@code Hashes}) and BouncyCastle's curve arithmetic; no bitcoinj type appears here.
 */
package dev.vigil.justicetxbuilder.keys;
