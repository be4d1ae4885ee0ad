package dev.vigil.towerprotocol.crypto;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Arrays;

/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03): the AEAD of lnd's watchtower blobs, kept here
 * for the LND tower protocol that will sit beside the teos API (DESIGN §2). The 24-byte nonce is
 * split: {@code HChaCha20(key, nonce[0..16])} gives a subkey, then ChaCha20-Poly1305 runs with
 * nonce {@code 00000000 || nonce[16..24]}. BouncyCastle has no XChaCha AEAD, hence HChaCha20 here.
 */
public final class XChaCha20Poly1305 {
    public static final int NONCE_LENGTH = 24;

    private XChaCha20Poly1305() {}

    /** Returns {@code ciphertext || tag}. */
    public static Bytes seal(byte[] key, byte[] nonce24, byte[] aad, byte[] plaintext) {
        checkSizes(key, nonce24);
        return Bytes.of(BlobCipher.ChaCha20Poly1305Aead.seal(
                hChaCha20(key, Arrays.copyOf(nonce24, 16)), innerNonce(nonce24), aad, plaintext));
    }

    /** Opens {@code ciphertext || tag}. */
    public static BlobDecryption open(byte[] key, byte[] nonce24, byte[] aad, byte[] sealed) {
        checkSizes(key, nonce24);
        return BlobCipher.ChaCha20Poly1305Aead.open(
                hChaCha20(key, Arrays.copyOf(nonce24, 16)), innerNonce(nonce24), aad, sealed);
    }

    private static void checkSizes(byte[] key, byte[] nonce24) {
        if (key.length != 32 || nonce24.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("XChaCha20-Poly1305 needs a 32-byte key and a 24-byte nonce");
        }
    }

    private static byte[] innerNonce(byte[] nonce24) {
        byte[] n = new byte[12];
        System.arraycopy(nonce24, 16, n, 4, 8);
        return n;
    }

    /**
     * HChaCha20: the ChaCha20 block function on (constants, key, 16-byte nonce) without the final
     * addition of the input; the output is state words 0..3 and 12..15, little-endian (§2.2).
     */
    public static byte[] hChaCha20(byte[] key, byte[] nonce16) {
        if (key.length != 32 || nonce16.length != 16) {
            throw new IllegalArgumentException("HChaCha20 needs a 32-byte key and a 16-byte nonce");
        }
        int[] s = new int[16];
        s[0] = 0x61707865;
        s[1] = 0x3320646e;
        s[2] = 0x79622d32;
        s[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            s[4 + i] = littleEndian(key, 4 * i);
        }
        for (int i = 0; i < 4; i++) {
            s[12 + i] = littleEndian(nonce16, 4 * i);
        }
        for (int round = 0; round < 10; round++) {
            quarter(s, 0, 4, 8, 12);
            quarter(s, 1, 5, 9, 13);
            quarter(s, 2, 6, 10, 14);
            quarter(s, 3, 7, 11, 15);
            quarter(s, 0, 5, 10, 15);
            quarter(s, 1, 6, 11, 12);
            quarter(s, 2, 7, 8, 13);
            quarter(s, 3, 4, 9, 14);
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 4; i++) {
            putLittleEndian(out, 4 * i, s[i]);
            putLittleEndian(out, 16 + 4 * i, s[12 + i]);
        }
        return out;
    }

    private static void quarter(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }

    private static int littleEndian(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void putLittleEndian(byte[] out, int off, int v) {
        out[off] = (byte) v;
        out[off + 1] = (byte) (v >>> 8);
        out[off + 2] = (byte) (v >>> 16);
        out[off + 3] = (byte) (v >>> 24);
    }
}
