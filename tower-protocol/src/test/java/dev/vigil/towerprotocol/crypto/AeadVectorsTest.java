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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ChaCha20-Poly1305 cases of vectors/aead-kats.json (RFC 8439), the AEAD of teos's blobs. The file's
 * XChaCha20-Poly1305 and HChaCha20 cases belong to lnd's blob format, which Vigil does not speak yet:
 * they are checked to be exactly those, so that a new ChaCha20-Poly1305 case cannot be passed over.
 */
class AeadVectorsTest {
    /** Algorithms of the vector file that belong to lnd's wire protocol, not implemented. */
    private static final Set<String> LND_ONLY = Set.of("XChaCha20-Poly1305", "HChaCha20");

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        SharedFiles.json("vectors/aead-kats.json").get("cases").forEach(out::add);
        return out.stream().filter(c -> !LND_ONLY.contains(c.get("algorithm").asText()));
    }

    @Test
    void theVectorFileHasOneTeosCaseAndTheLndOnes() {
        List<String> all = new ArrayList<>();
        SharedFiles.json("vectors/aead-kats.json").get("cases").forEach(c -> all.add(c.get("algorithm").asText()));
        assertEquals(List.of("ChaCha20-Poly1305", "XChaCha20-Poly1305", "HChaCha20"), all);
        assertEquals(1, cases().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void knownAnswer(JsonNode c) {
        assertEquals("ChaCha20-Poly1305", c.get("algorithm").asText());
        byte[] key = hex(c, "key");
        byte[] expected = concat(hex(c, "ciphertext"), hex(c, "tag"));
        byte[] sealed = BlobCipher.ChaCha20Poly1305Aead.seal(key, hex(c, "nonce"), hex(c, "aad"), hex(c, "plaintext"));
        assertArrayEquals(expected, sealed);
        BlobDecryption opened = BlobCipher.ChaCha20Poly1305Aead.open(key, hex(c, "nonce"), hex(c, "aad"), expected);
        assertEquals(Bytes.of(hex(c, "plaintext")), assertInstanceOf(BlobDecryption.Decrypted.class, opened).plaintext());
        expected[0] ^= 1;
        assertInstanceOf(BlobDecryption.Undecryptable.class, BlobCipher.ChaCha20Poly1305Aead.open(key, hex(c, "nonce"), hex(c, "aad"), expected));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
