package dev.vigil.towerprotocol.secp256k1;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Optional;

/**
 * The secp256k1 operations the protocol needs: deterministic recoverable signing and public-key
 * recovery (LN {@code signmessage}), key derivation and key validation.
 *
 * <p>Contract: every implementation produces byte-identical results. Signatures are RFC 6979
 * deterministic with no extra entropy and low-S normalised, as libsecp256k1 makes them, so the teos
 * and LDK vectors reproduce byte for byte. Implementations are thread-safe and never block; they are
 * CPU-bound (tens of microseconds per call), so callers keep them off event loops when batching.
 * Malformed input yields an empty result or {@code false}, never an exception; an exception means a
 * programming error (e.g. a digest that is not 32 bytes).
 */
public interface Secp256k1 {
    /** A name for logs, e.g. "libsecp256k1 (JNI)". */
    String name();

    /** The compressed (33-byte) public key of {@code key}. */
    Bytes publicKey(PrivateKey key);

    /** Signs a 32-byte digest: RFC 6979 nonce, low-S, with its recovery id. */
    RecoverableSignature sign(byte[] digest32, PrivateKey key);

    /** The compressed public key that made {@code signature} over {@code digest32}, if any. */
    Optional<Bytes> recover(byte[] digest32, RecoverableSignature signature);

    /** Whether {@code compressed} is a 33-byte compressed encoding of a point on the curve. */
    boolean isValidPublicKey(Bytes compressed);
}
