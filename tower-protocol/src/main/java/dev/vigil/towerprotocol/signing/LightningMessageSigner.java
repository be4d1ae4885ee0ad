package dev.vigil.towerprotocol.signing;

import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.ZBase32;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.RecoverableSignature;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * LN {@code signmessage} as lnd, Core Lightning and LDK implement it, and as teos uses it for every
 * user and tower signature: {@code zbase32([31 + recid] || r || s)} over
 * {@code SHA256d("Lightning Signed Message:" || message)}; a verifier recovers the public key
 * (LDK {@code lightning/src/util/message_signing.rs}).
 *
 * <p>Not bitcoinj's {@code signMessage}, which uses the "Bitcoin Signed Message:\n" prefix and
 * base64. Thread-safe.
 */
public final class LightningMessageSigner {
    private static final byte[] PREFIX = "Lightning Signed Message:".getBytes(StandardCharsets.UTF_8);

    private final Secp256k1 secp;

    public LightningMessageSigner(Secp256k1 secp) {
        this.secp = Objects.requireNonNull(secp, "secp");
    }

    /** {@code SHA256d(prefix || message)}: the 32 bytes actually signed. */
    public static byte[] digest(byte[] message) {
        byte[] data = new byte[PREFIX.length + message.length];
        System.arraycopy(PREFIX, 0, data, 0, PREFIX.length);
        System.arraycopy(message, 0, data, PREFIX.length, message.length);
        return Hashes.sha256d(data);
    }

    /** The zbase32 signature (104 characters) of {@code message} by {@code key}. Deterministic. */
    public String sign(byte[] message, PrivateKey key) {
        RecoverableSignature sig = secp.sign(digest(message), key);
        return ZBase32.encode(sig.toLightningBytes());
    }

    /**
     * The public key that signed {@code message}, recovered from {@code zbase32Signature}; empty if
     * the text is not a well-formed signature or no key can be recovered from it.
     */
    public Optional<PublicKey> recover(byte[] message, String zbase32Signature) {
        return ZBase32.decode(zbase32Signature)
                .flatMap(RecoverableSignature::fromLightningBytes)
                .flatMap(sig -> secp.recover(digest(message), sig))
                .map(PublicKey::new);
    }

    /** Whether {@code zbase32Signature} over {@code message} recovers to {@code expected}. */
    public boolean verify(byte[] message, String zbase32Signature, PublicKey expected) {
        return recover(message, zbase32Signature).map(expected::equals).orElse(false);
    }

    /** The backend in use, for logs. */
    public Secp256k1 backend() {
        return secp;
    }
}
