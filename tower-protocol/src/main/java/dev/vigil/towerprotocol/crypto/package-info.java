/**
 * Hashes and the appointment blob AEAD: teos's ChaCha20-Poly1305 under SHA256(dispute txid). Depends on the JDK, BouncyCastle's lightweight API and the value types.
 */
package dev.vigil.towerprotocol.crypto;
