package dev.vigil.towerprotocol.crypto;

import static dev.vigil.towerprotocol.testsupport.SharedFiles.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of vectors/aead-kats.json (RFC 8439, draft-irtf-cfrg-xchacha). */
class AeadVectorsTest {
    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        SharedFiles.json("vectors/aead-kats.json").get("cases").forEach(out::add);
        return out.stream();
    }

    @Test
    void theVectorFileHasTheThreeAlgorithms() {
        assertEquals(List.of("ChaCha20-Poly1305", "XChaCha20-Poly1305", "HChaCha20"),
                cases().map(c -> c.get("algorithm").asText()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void knownAnswer(JsonNode c) {
        String algorithm = c.get("algorithm").asText();
        byte[] key = hex(c, "key");
        switch (algorithm) {
            case "ChaCha20-Poly1305" -> {
                byte[] expected = concat(hex(c, "ciphertext"), hex(c, "tag"));
                byte[] sealed = BlobCipher.ChaCha20Poly1305Aead.seal(key, hex(c, "nonce"), hex(c, "aad"), hex(c, "plaintext"));
                assertArrayEquals(expected, sealed);
                BlobDecryption opened = BlobCipher.ChaCha20Poly1305Aead.open(key, hex(c, "nonce"), hex(c, "aad"), expected);
                assertEquals(Bytes.of(hex(c, "plaintext")), assertInstanceOf(BlobDecryption.Decrypted.class, opened).plaintext());
            }
            case "XChaCha20-Poly1305" -> {
                byte[] nonce = hex(c, "nonce");
                assertArrayEquals(hex(c, "hchacha20_subkey_computed"),
                        XChaCha20Poly1305.hChaCha20(key, java.util.Arrays.copyOf(nonce, 16)));
                byte[] expected = concat(hex(c, "ciphertext"), hex(c, "tag"));
                assertEquals(Bytes.of(expected), XChaCha20Poly1305.seal(key, nonce, hex(c, "aad"), hex(c, "plaintext")));
                BlobDecryption opened = XChaCha20Poly1305.open(key, nonce, hex(c, "aad"), expected);
                assertEquals(Bytes.of(hex(c, "plaintext")), assertInstanceOf(BlobDecryption.Decrypted.class, opened).plaintext());
                expected[0] ^= 1;
                assertInstanceOf(BlobDecryption.Undecryptable.class, XChaCha20Poly1305.open(key, nonce, hex(c, "aad"), expected));
            }
            case "HChaCha20" -> assertArrayEquals(hex(c, "expected_subkey"), XChaCha20Poly1305.hChaCha20(key, hex(c, "nonce16")));
            default -> throw new AssertionError("unknown algorithm in vector file: " + algorithm);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
