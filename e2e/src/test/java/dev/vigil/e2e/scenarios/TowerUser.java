package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A tower user over real HTTP, as a wallet's teos client: signs its requests with its own key
 * (LightningMessageSigner over the exact bytes of {@link UserRequests}) and sends teos JSON.
 */
final class TowerUser {
    private static final Secp256k1 SECP = Secp256k1Backends.best();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP answer: status and body. */
    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** Asserts a teos error answer: this HTTP status and this {@code error_code}. */
        void assertError(int expectedStatus, ErrorCode code) {
            assertEquals(expectedStatus, status, body);
            assertEquals(code.code(), json().path("error_code").asInt(-1), body);
        }

        void assertOk() {
            assertEquals(200, status, body);
        }

        /** The {@code status} field of a get_appointment answer. */
        String appointmentStatus() {
            assertOk();
            return json().path("status").asText();
        }
    }

    private final URI base;
    private final PrivateKey key;
    private final LightningMessageSigner signer = new LightningMessageSigner(SECP);

    TowerUser(int apiPort, String label) {
        this.base = URI.create("http://127.0.0.1:" + apiPort);
        this.key = new PrivateKey(Bytes.of(Hashes.sha256(("user/" + label).getBytes(StandardCharsets.UTF_8))));
    }

    /** The same user talking to another tower (or the same tower after a restart). */
    TowerUser at(int apiPort) {
        return new TowerUser(URI.create("http://127.0.0.1:" + apiPort), key);
    }

    private TowerUser(URI base, PrivateKey key) {
        this.base = base;
        this.key = key;
    }

    UserId id() {
        return new UserId(new PublicKey(SECP.publicKey(key)));
    }

    Reply register() {
        return post("/register", TeosJson.toJson(new Messages.RegisterRequest(id())));
    }

    String sign(byte[] message) {
        return signer.sign(message, key);
    }

    Reply add(Appointment a) {
        return post("/add_appointment", TeosJson.toJson(new Messages.AddAppointmentRequest(a, sign(UserRequests.addAppointment(a)))));
    }

    /** Adds and asserts it was accepted. */
    void addAccepted(Appointment a) {
        Reply r = add(a);
        r.assertOk();
        assertEquals(a.locator().toHex(), r.json().path("locator").asText(), r.body());
    }

    Reply get(Locator locator) {
        return post("/get_appointment", TeosJson.toJson(new Messages.GetAppointmentRequest(locator, sign(UserRequests.getAppointment(locator)))));
    }

    Reply subscriptionInfo() {
        return post("/get_subscription_info", TeosJson.toJson(new Messages.GetSubscriptionInfoRequest(sign(UserRequests.getSubscriptionInfo()))));
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    Reply getRequest(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
