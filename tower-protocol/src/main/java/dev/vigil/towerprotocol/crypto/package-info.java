/**
 * Hashes and the appointment blob AEADs: teos's ChaCha20-Poly1305 under SHA256(dispute txid), and
 * lnd's XChaCha20-Poly1305. Depends on the JDK, BouncyCastle's lightweight API and the value types.
 */
package dev.vigil.towerprotocol.crypto;
