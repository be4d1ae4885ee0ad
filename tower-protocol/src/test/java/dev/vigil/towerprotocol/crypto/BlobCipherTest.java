package dev.vigil.towerprotocol.crypto;

import static dev.vigil.towerprotocol.testsupport.SharedFiles.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The teos blob: vectors/teos-appointment-crypto.json plus tampering and round trips. */
class BlobCipherTest {
    private static final JsonNode VECTORS = SharedFiles.json("vectors/teos-appointment-crypto.json");

    @Test
    void officialVectorEncryptsWithTheInternalOrderTxid() {
        JsonNode v = VECTORS.get("official");
        Txid txid = Txid.fromDisplayHex(v.get("dispute_txid").asText());
        assertEquals(Bytes.of(hex(v, "dispute_txid_internal_order_computed")), txid.internal());
        assertArrayEquals(hex(v, "key_computed"), BlobCipher.key(txid));
        assertEquals(Locator.fromHex(v.get("locator_computed").asText()), txid.locator());

        Bytes blob = BlobCipher.encrypt(Bytes.of(hex(v, "penalty_tx")), txid);
        assertEquals(Bytes.of(hex(v, "expected_encrypted_blob")), blob);
        BlobDecryption d = BlobCipher.decrypt(Bytes.of(hex(v, "expected_encrypted_blob")), txid);
        assertEquals(Bytes.of(hex(v, "penalty_tx")), assertInstanceOf(BlobDecryption.Decrypted.class, d).plaintext());
    }

    @Test
    void displayOrderKeyDoesNotReproduceTheVector() {
        // python-teos hashed the display-order bytes; that is the bug this test keeps out.
        JsonNode v = VECTORS.get("official");
        Txid wrongOrder = new Txid(Bytes.fromHex(v.get("dispute_txid").asText()));
        assertNotEquals(Bytes.of(hex(v, "expected_encrypted_blob")), BlobCipher.encrypt(Bytes.of(hex(v, "penalty_tx")), wrongOrder));
        assertInstanceOf(BlobDecryption.Undecryptable.class,
                BlobCipher.decrypt(Bytes.of(hex(v, "expected_encrypted_blob")), wrongOrder));
    }

    @Test
    void derivedAppointmentBlob() {
        JsonNode v = VECTORS.get("derived");
        Txid txid = Txid.fromDisplayHex(v.get("dispute_txid").asText());
        assertEquals(Bytes.of(hex(v, "dispute_txid_internal_order")), txid.internal());
        assertArrayEquals(hex(v, "key"), BlobCipher.key(txid));
        assertEquals(v.get("locator").asText(), txid.locator().toHex());
        assertEquals(Bytes.of(hex(v, "encrypted_blob")), BlobCipher.encrypt(Bytes.of(hex(v, "penalty_tx")), txid));
    }

    @Test
    void everyTamperedByteFailsAuthentication() {
        JsonNode v = VECTORS.get("derived");
        Txid txid = Txid.fromDisplayHex(v.get("dispute_txid").asText());
        byte[] blob = hex(v, "encrypted_blob");
        for (int i = 0; i < blob.length; i++) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x01;
            assertInstanceOf(BlobDecryption.Undecryptable.class, BlobCipher.decrypt(Bytes.of(tampered), txid), "byte " + i);
        }
    }

    @Test
    void shortAndEmptyBlobsAreUndecryptableNotExceptions() {
        Txid txid = Txid.ofInternal(new byte[32]);
        for (int len = 0; len <= BlobCipher.TAG_LENGTH; len++) {
            assertInstanceOf(BlobDecryption.Undecryptable.class, BlobCipher.decrypt(Bytes.of(new byte[len]), txid), "length " + len);
        }
    }

    @Test
    void roundTripsRandomPlaintextsAndRejectsOtherTxids() {
        Random random = new Random(0x5eed);
        for (int i = 0; i < 300; i++) {
            byte[] txid = new byte[32];
            random.nextBytes(txid);
            byte[] plain = new byte[random.nextInt(1200)];
            random.nextBytes(plain);
            Txid t = Txid.ofInternal(txid);
            Bytes blob = BlobCipher.encrypt(Bytes.of(plain), t);
            assertEquals(plain.length + BlobCipher.TAG_LENGTH, blob.length());
            assertEquals(Bytes.of(plain), assertInstanceOf(BlobDecryption.Decrypted.class, BlobCipher.decrypt(blob, t)).plaintext());
            txid[random.nextInt(32)] ^= (byte) (1 + random.nextInt(255));
            assertInstanceOf(BlobDecryption.Undecryptable.class, BlobCipher.decrypt(blob, Txid.ofInternal(txid)));
        }
    }
}
