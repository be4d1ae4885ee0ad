package dev.vigil.towerprotocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.testsupport.SharedFiles;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoRequest;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoResponse;
import dev.vigil.towerprotocol.wire.Messages.RegisterRequest;
import dev.vigil.towerprotocol.wire.Messages.RegisterResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact JSON of every body, built from the derived teos vector, against golden files
 * written in teos's shapes (field names, order, hex, display-order txids), and parses each back.
 */
class WireGoldenTest {
    private static final JsonNode V = SharedFiles.json("vectors/teos-appointment-crypto.json").get("derived");
    private static final TeosJson JSON = new TeosJson(Secp256k1Backends.best(), 4096);

    private final UserId user = UserId.fromHex(V.get("user_id").asText());
    private final JsonNode a = V.get("appointment");
    private final Appointment appointment = new Appointment(Locator.fromHex(a.get("locator").asText()),
            Bytes.fromHex(a.get("encrypted_blob").asText()), a.get("to_self_delay").asLong());
    private final JsonNode rr = V.get("registration_receipt");
    private final JsonNode ar = V.get("appointment_receipt");

    @Test
    void register() {
        RegisterRequest req = new RegisterRequest(user);
        assertGolden("register_request.json", TeosJson.toJson(req));
        assertEquals(req, JSON.parseRegisterRequest(golden("register_request.json")).orElseThrow());

        RegisterResponse res = new RegisterResponse(new RegistrationReceipt(user, rr.get("available_slots").asLong(),
                rr.get("subscription_start").asLong(), rr.get("subscription_expiry").asLong()),
                rr.get("tower_signature_zbase32").asText());
        assertGolden("register_response.json", TeosJson.toJson(res));
        assertEquals(res, JSON.parseRegisterResponse(golden("register_response.json")).orElseThrow());
    }

    @Test
    void addAppointment() {
        AddAppointmentRequest req = new AddAppointmentRequest(appointment, a.get("user_signature_zbase32").asText());
        assertGolden("add_appointment_request.json", TeosJson.toJson(req));
        assertEquals(req, JSON.parseAddAppointmentRequest(golden("add_appointment_request.json")).orElseThrow());

        AddAppointmentResponse res = new AddAppointmentResponse(appointment.locator(), ar.get("start_block").asLong(),
                ar.get("tower_signature_zbase32").asText(), rr.get("available_slots").asLong() - 1, rr.get("subscription_expiry").asLong());
        assertGolden("add_appointment_response.json", TeosJson.toJson(res));
        assertEquals(res, JSON.parseAddAppointmentResponse(golden("add_appointment_response.json")).orElseThrow());
    }

    @Test
    void getAppointment() {
        GetAppointmentRequest req = new GetAppointmentRequest(appointment.locator(), V.get("get_appointment").get("user_signature_zbase32").asText());
        assertGolden("get_appointment_request.json", TeosJson.toJson(req));
        assertEquals(req, JSON.parseGetAppointmentRequest(golden("get_appointment_request.json")).orElseThrow());

        GetAppointmentResponse watched = new GetAppointmentResponse.BeingWatched(appointment);
        assertGolden("get_appointment_being_watched.json", TeosJson.toJson(watched));
        assertEquals(watched, JSON.parseGetAppointmentResponse(golden("get_appointment_being_watched.json")).orElseThrow());

        GetAppointmentResponse responded = new GetAppointmentResponse.DisputeResponded(
                Txid.fromDisplayHex(V.get("dispute_txid").asText()),
                Txid.fromDisplayHex("922465210b2393c2dca5344cea21c69b83f352d15c8c4dd33e4182faa567640e"),
                Bytes.fromHex(V.get("penalty_tx").asText()));
        assertGolden("get_appointment_dispute_responded.json", TeosJson.toJson(responded));
        assertEquals(responded, JSON.parseGetAppointmentResponse(golden("get_appointment_dispute_responded.json")).orElseThrow());
    }

    @Test
    void getSubscriptionInfoAndErrors() {
        GetSubscriptionInfoRequest req = new GetSubscriptionInfoRequest(V.get("get_subscription_info").get("user_signature_zbase32").asText());
        assertGolden("get_subscription_info_request.json", TeosJson.toJson(req));
        assertEquals(req, JSON.parseGetSubscriptionInfoRequest(golden("get_subscription_info_request.json")).orElseThrow());

        GetSubscriptionInfoResponse res = new GetSubscriptionInfoResponse(rr.get("available_slots").asLong() - 1,
                rr.get("subscription_expiry").asLong(), List.of(appointment.locator()));
        assertGolden("get_subscription_info_response.json", TeosJson.toJson(res));
        assertEquals(res, JSON.parseGetSubscriptionInfoResponse(golden("get_subscription_info_response.json")).orElseThrow());

        ApiError notFound = new ApiError(ErrorCode.APPOINTMENT_NOT_FOUND, "Appointment not found");
        assertGolden("api_error_not_found.json", TeosJson.toJson(notFound));
        assertEquals(notFound, TeosJson.parseApiError(golden("api_error_not_found.json")).orElseThrow());
    }

    private static void assertGolden(String name, String actual) {
        assertEquals(new String(golden(name), StandardCharsets.UTF_8).strip(), actual, name);
    }

    private static byte[] golden(String name) {
        try (InputStream in = WireGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("missing golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
