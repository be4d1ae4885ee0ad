package dev.vigil.towerprotocol.signing;

import static dev.vigil.towerprotocol.testsupport.SharedFiles.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.testsupport.Backends;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole derived client/tower flow of vectors/teos-appointment-crypto.json: the wallet builds and
 * signs an appointment, the tower recovers the user, computes the UUID and signs its receipts.
 * Signatures are deterministic, so each must reproduce byte for byte, on both backends.
 */
class TeosDerivedFlowTest {
    private static final JsonNode V = SharedFiles.json("vectors/teos-appointment-crypto.json").get("derived");

    static Stream<Secp256k1> backends() {
        return Backends.both();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void walletSideAppointment(Secp256k1 secp) {
        LightningMessageSigner signer = new LightningMessageSigner(secp);
        PrivateKey userKey = PrivateKey.fromHex(V.get("user_secret_key").asText());
        UserId userId = new UserId(new PublicKey(secp.publicKey(userKey)));
        assertEquals(V.get("user_id").asText(), userId.toHex());

        Txid dispute = Txid.fromDisplayHex(V.get("dispute_txid").asText());
        JsonNode a = V.get("appointment");
        Appointment appointment = new Appointment(
                Locator.of(dispute), BlobCipher.encrypt(Bytes.of(hex(V, "penalty_tx")), dispute), a.get("to_self_delay").asLong());
        assertEquals(a.get("locator").asText(), appointment.locator().toHex());
        assertEquals(a.get("encrypted_blob").asText(), appointment.encryptedBlob().toHex());
        assertArrayEquals(hex(a, "serialization_for_signing"), UserRequests.addAppointment(appointment));

        String userSignature = signer.sign(UserRequests.addAppointment(appointment), userKey);
        assertEquals(a.get("user_signature_zbase32").asText(), userSignature);

        assertEquals(V.get("get_appointment").get("message_utf8").asText(),
                new String(UserRequests.getAppointment(appointment.locator()), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(V.get("get_appointment").get("user_signature_zbase32").asText(),
                signer.sign(UserRequests.getAppointment(appointment.locator()), userKey));
        assertEquals(V.get("get_subscription_info").get("message_utf8").asText(),
                new String(UserRequests.getSubscriptionInfo(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(V.get("get_subscription_info").get("user_signature_zbase32").asText(),
                signer.sign(UserRequests.getSubscriptionInfo(), userKey));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void towerSideAuthenticationAndReceipts(Secp256k1 secp) {
        LightningMessageSigner signer = new LightningMessageSigner(secp);
        JsonNode a = V.get("appointment");
        Appointment appointment = new Appointment(
                Locator.fromHex(a.get("locator").asText()), Bytes.of(hex(a, "encrypted_blob")), a.get("to_self_delay").asLong());
        String userSignature = a.get("user_signature_zbase32").asText();
        UserId expectedUser = UserId.fromHex(V.get("user_id").asText());

        Optional<PublicKey> recovered = signer.recover(UserRequests.addAppointment(appointment), userSignature);
        assertEquals(Optional.of(expectedUser.key()), recovered);
        assertEquals(Optional.of(expectedUser.key()), signer.recover(UserRequests.getAppointment(appointment.locator()),
                V.get("get_appointment").get("user_signature_zbase32").asText()));
        assertEquals(Optional.of(expectedUser.key()), signer.recover(UserRequests.getSubscriptionInfo(),
                V.get("get_subscription_info").get("user_signature_zbase32").asText()));

        assertEquals(V.get("uuid").asText(), AppointmentId.of(appointment.locator(), expectedUser).toHex());

        PrivateKey towerKey = PrivateKey.fromHex(V.get("tower_secret_key").asText());
        PublicKey towerId = new PublicKey(secp.publicKey(towerKey));
        assertEquals(V.get("tower_id").asText(), towerId.toHex());

        JsonNode ar = V.get("appointment_receipt");
        AppointmentReceipt receipt = new AppointmentReceipt(userSignature, ar.get("start_block").asLong());
        assertArrayEquals(hex(ar, "serialization"), receipt.serialize());
        String receiptSig = signer.sign(receipt.serialize(), towerKey);
        assertEquals(ar.get("tower_signature_zbase32").asText(), receiptSig);
        assertEquals(Optional.of(towerId), signer.recover(receipt.serialize(), receiptSig));

        JsonNode rr = V.get("registration_receipt");
        RegistrationReceipt registration = new RegistrationReceipt(UserId.fromHex(rr.get("user_id").asText()),
                rr.get("available_slots").asLong(), rr.get("subscription_start").asLong(), rr.get("subscription_expiry").asLong());
        assertArrayEquals(hex(rr, "serialization"), registration.serialize());
        assertEquals(rr.get("tower_signature_zbase32").asText(), signer.sign(registration.serialize(), towerKey));
    }
}
