/**
 * The secp256k1 port and its two implementations: libsecp256k1 through secp256k1-kmp JNI (fast) and
 * BouncyCastle (pure Java fallback), which produce identical results. Depends on the JDK,
 * BouncyCastle, secp256k1-kmp and {@code encoding} only.
 */
package dev.vigil.towerprotocol.secp256k1;
