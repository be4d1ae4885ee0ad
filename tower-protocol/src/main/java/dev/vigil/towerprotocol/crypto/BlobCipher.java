package dev.vigil.towerprotocol.crypto;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The teos appointment blob: ChaCha20-Poly1305 (RFC 8439) with key {@code SHA256(dispute txid)} in
 * <b>internal</b> byte order, a 12-byte zero nonce and no associated data; the 16-byte tag follows
 * the ciphertext (rust-teos {@code teos-common/src/cryptography.rs}; only the internal order
 * reproduces the official vector).
 *
 * <p>The zero nonce is safe because each key encrypts exactly one plaintext. BouncyCastle's
 * lightweight AEAD is used rather than the JDK cipher, which refuses to be re-initialised with the
 * same key and nonce, for decryption too (dependencies.md §0.5), and which Android lacks before API
 * 28. A fresh cipher per call keeps this class stateless and thread-safe.
 */
public final class BlobCipher {
    public static final int TAG_LENGTH = 16;
    private static final byte[] ZERO_NONCE = new byte[12];

    private BlobCipher() {}

    /** {@code SHA256(txid in internal order)}. */
    public static byte[] key(Txid disputeTxid) {
        return Hashes.sha256(disputeTxid.internalBytes());
    }

    /** Encrypts a serialized justice transaction for the dispute {@code disputeTxid}. */
    public static Bytes encrypt(Bytes plaintext, Txid disputeTxid) {
        return Bytes.of(ChaCha20Poly1305Aead.seal(key(disputeTxid), ZERO_NONCE, plaintext.toArray()));
    }

    /** Decrypts a blob with the txid of a transaction seen on chain. */
    public static BlobDecryption decrypt(Bytes blob, Txid disputeTxid) {
        return ChaCha20Poly1305Aead.open(key(disputeTxid), ZERO_NONCE, blob.toArray());
    }

    /** RFC 8439 ChaCha20-Poly1305 (teos uses no associated data; the RFC's known answer does). */
    static final class ChaCha20Poly1305Aead {
        private ChaCha20Poly1305Aead() {}

        static byte[] seal(byte[] key, byte[] nonce12, byte[] plaintext) {
            return seal(key, nonce12, new byte[0], plaintext);
        }

        static byte[] seal(byte[] key, byte[] nonce12, byte[] aad, byte[] plaintext) {
            ChaCha20Poly1305 c = new ChaCha20Poly1305();
            c.init(true, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce12, aad));
            byte[] out = new byte[c.getOutputSize(plaintext.length)];
            int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
            try {
                c.doFinal(out, n);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("encryption cannot fail authentication", e);
            }
            return out;
        }

        static BlobDecryption open(byte[] key, byte[] nonce12, byte[] blob) {
            return open(key, nonce12, new byte[0], blob);
        }

        static BlobDecryption open(byte[] key, byte[] nonce12, byte[] aad, byte[] blob) {
            if (blob.length < TAG_LENGTH) {
                return new BlobDecryption.Undecryptable(
                        "blob of " + blob.length + " bytes is shorter than the 16-byte tag");
            }
            ChaCha20Poly1305 c = new ChaCha20Poly1305();
            c.init(false, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce12, aad));
            byte[] out = new byte[c.getOutputSize(blob.length)];
            int n = c.processBytes(blob, 0, blob.length, out, 0);
            try {
                n += c.doFinal(out, n);
            } catch (InvalidCipherTextException e) {
                return new BlobDecryption.Undecryptable("authentication tag mismatch");
            }
            return new BlobDecryption.Decrypted(Bytes.of(out, 0, n));
        }
    }
}
