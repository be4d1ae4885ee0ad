/**
 * LN message signing and the signed artefacts of the teos protocol: the bytes of each user request,
 * registration and appointment receipts. Depends on the value types, {@code crypto}, {@code encoding}
 * and the {@code secp256k1} port.
 */
package dev.vigil.towerprotocol.signing;
