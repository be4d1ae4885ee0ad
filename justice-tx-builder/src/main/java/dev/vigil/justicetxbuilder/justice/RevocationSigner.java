package dev.vigil.justicetxbuilder.justice;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;

/**
 * The port through which {@link JusticeTxBuilder} signs with the wallet's revocation basepoint
 * secret, so that the secret can stay behind it: in a hardware wallet, a secure element, or a
 * separate signing process. Consumed here, where the penalty inputs are signed.
 *
 * <p>BOLT 3 "revocationprivkey Derivation": the key that signs every penalty input of a revoked
 * commitment is {@code revocation_basepoint_secret · SHA256(revocation_basepoint || per_commitment_point)
 * + per_commitment_secret · SHA256(per_commitment_point || revocation_basepoint)}. It needs both
 * secrets; the per-commitment one is the counterparty's, revealed in {@code revoke_and_ack}, and is
 * handed to the signer with each request. {@code Bolt3Keys.revocationPrivateKey} computes it.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Threading</b>: may be called from any thread, and concurrently (a builder is shared and
 *       thread-safe); implementations must be thread-safe.</li>
 *   <li><b>Blocking</b>: may block (a device waiting for its user, a round trip to another process).
 *       The builder calls it synchronously, on the caller's thread, once per input of every
 *       transaction it signs (so once per input per fee-ladder rung); callers that must not block
 *       (an event loop, Android's main thread) build justice elsewhere.</li>
 *   <li><b>Failure</b>: an implementation that cannot sign throws a {@link RuntimeException}. The
 *       builder never retries: it reports {@link JusticeResult.SignerFailed}, as it does for any
 *       answer that is not a valid signature (see {@link #sign}).</li>
 *   <li><b>Determinism</b>: the in-memory signer of {@link #of} is RFC6979-deterministic, so the same
 *       request always gives the same transaction bytes. Others need not be: their transactions are
 *       as valid, but their txids differ from one build to the next.</li>
 * </ul>
 *
 * <p>The signer signs a digest it cannot inspect. What it exposes is limited all the same: the key
 * it derives for a per-commitment secret only unlocks outputs paying that commitment's revocation
 * key, and each signature is checked by the builder before it is used.
 */
public interface RevocationSigner {
    /**
     * The wallet's revocation basepoint, whose secret this signer holds; it must equal the channel's
     * {@code local().revocationBasepoint()} (the builder checks this once, when it is constructed).
     */
    PublicKey revocationBasepoint();

    /**
     * Signs {@code sighash} with the revocation private key of {@code perCommitmentSecret}'s
     * commitment (see the class comment).
     *
     * @param perCommitmentSecret the counterparty's per-commitment secret of the revoked commitment
     * @param sighash             the 32-byte BIP143 digest (the double SHA256 of the signature
     *                            preimage, SIGHASH_ALL), in the byte order ECDSA signs it
     * @return the signature, strict DER (BIP66) with a low S (BIP62 / BIP146 LOW_S), without the
     *         sighash-type byte; at most 71 bytes, which the fee estimate relies on
     * @throws RuntimeException when it cannot sign (the builder reports {@link JusticeResult.SignerFailed})
     */
    Bytes sign(PrivateKey perCommitmentSecret, Bytes sighash);

    /**
     * The in-memory signer: holds {@code revocationBasepointSecret} and signs with bitcoinj's
     * {@code ECKey} (RFC6979 deterministic nonces, low S). Immutable and thread-safe; never blocks.
     */
    static RevocationSigner of(PrivateKey revocationBasepointSecret) {
        return new InMemoryRevocationSigner(revocationBasepointSecret);
    }
}
