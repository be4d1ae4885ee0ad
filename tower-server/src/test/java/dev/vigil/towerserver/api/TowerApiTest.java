package dev.vigil.towerserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.testsupport.BlockedEventLoops;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer over real HTTP with a scripted service: routes, body limits, and the translation of
 * every outcome into teos's status, error code and message.
 */
class TowerApiTest {
    private static final String USER = "035ab4689e400a4a160cf01cd44730845a54768df8547dcdf073d964f109f18c30";
    private static final String LOCATOR = "11ae240f963f62db11371ba115af29de";
    private static final String SIG = "d9bckq11emuxg7e67xakgzhgnde5yp3txmwfq5to9g86cw53jpqmrfr5aft83bowy6tfofcwyxqqet7tpr8sfa6dy1s759mp3rc9qi5t";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedService service = new ScriptedService();
    private Vertx vertx;
    private TowerApi api;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Answers with whatever outcome the test sets. */
    static final class ScriptedService implements TowerService {
        final AtomicReference<Object> next = new AtomicReference<>();
        final AtomicReference<Object> lastRequest = new AtomicReference<>();

        @SuppressWarnings("unchecked")
        private <T> CompletionStage<T> answer(Object request) {
            lastRequest.set(request);
            Object o = next.get();
            if (o instanceof RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.supplyAsync(() -> (T) o);
        }

        @Override
        public CompletionStage<RegisterOutcome> register(UserId user) {
            return answer(user);
        }

        @Override
        public CompletionStage<AddOutcome> addAppointment(Messages.AddAppointmentRequest request) {
            return answer(request);
        }

        @Override
        public CompletionStage<GetOutcome> getAppointment(Messages.GetAppointmentRequest request) {
            return answer(request);
        }

        @Override
        public CompletionStage<SubscriptionOutcome> getSubscriptionInfo(Messages.GetSubscriptionInfoRequest request) {
            return answer(request);
        }
    }

    private BlockedEventLoops blocked;

    @BeforeEach
    void start() throws Exception {
        blocked = BlockedEventLoops.watch();
        // The tight blocked-thread check (BlockedEventLoops): class loading of the JSON and crypto stacks
        // happens once, here, not on an event loop.
        TeosJson warm = new TeosJson(Secp256k1Backends.best(), 4096);
        warm.parseRegisterRequest(register().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        warm.parseAddAppointmentRequest(add().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TeosJson.toJson(new dev.vigil.towerprotocol.wire.ApiError(ErrorCode.MISSING_FIELD, "warm-up"));
        vertx = Vertx.vertx(BlockedEventLoops.tightCheck());
        api = new TowerApi(new TowerApi.Settings("127.0.0.1", 0, 4096), service, new TeosJson(Secp256k1Backends.best(), 4096));
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        blocked.close();
        assertEquals(List.of(), blocked.reports(), "an event loop was blocked");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> r, int status, ErrorCode code, String messagePart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code.code(), body.get("error_code").asInt(), r.body());
        assertTrue(body.get("error").asText().contains(messagePart), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    }

    private static String register() {
        return "{\"user_id\": \"" + USER + "\"}";
    }

    private static String add() {
        return "{\"appointment\": {\"locator\": \"" + LOCATOR + "\", \"encrypted_blob\": \"" + "00".repeat(100)
                + "\", \"to_self_delay\": 144}, \"signature\": \"" + SIG + "\"}";
    }

    private static String get() {
        return "{\"locator\": \"" + LOCATOR + "\", \"signature\": \"" + SIG + "\"}";
    }

    private static String info() {
        return "{\"signature\": \"" + SIG + "\"}";
    }

    @Test
    void pingIsAnEmpty200() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + "/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void successesAreTeosShapedJson() throws Exception {
        UserId user = UserId.fromHex(USER);
        service.next.set(new TowerService.Registered(new Messages.RegisterResponse(new RegistrationReceipt(user, 10_000, 100, 4_420), SIG)));
        HttpResponse<String> r = post("/register", register());
        assertEquals(200, r.statusCode());
        assertEquals(TeosJson.toJson(new Messages.RegisterResponse(new RegistrationReceipt(user, 10_000, 100, 4_420), SIG)), r.body());
        assertEquals(user, service.lastRequest.get());

        service.next.set(new TowerService.Subscription(new Messages.GetSubscriptionInfoResponse(9, 4_420, List.of(Locator.fromHex(LOCATOR)))));
        r = post("/get_subscription_info", info());
        assertEquals(200, r.statusCode());
        assertEquals("{\"available_slots\":9,\"subscription_expiry\":4420,\"locators\":[\"" + LOCATOR + "\"]}", r.body());
    }

    @Test
    void everyRefusalMapsToTeosCodesAndStatuses() throws Exception {
        service.next.set(new TowerService.UnknownUser());
        assertError(post("/add_appointment", add()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Invalid signature or user");
        assertError(post("/get_appointment", get()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User cannot be authenticated");
        assertError(post("/get_subscription_info", info()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Have you registered?");

        service.next.set(new TowerService.NotEnoughSlots());
        assertError(post("/add_appointment", add()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "enough slots");

        service.next.set(new TowerService.SubscriptionExpired(4_420));
        assertError(post("/add_appointment", add()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "expired at 4420");
        assertError(post("/get_appointment", get()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "expired at 4420");
        assertError(post("/get_subscription_info", info()), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "expired at 4420");

        service.next.set(new TowerService.AlreadyTriggered());
        assertError(post("/add_appointment", add()), 400, ErrorCode.APPOINTMENT_ALREADY_TRIGGERED, "already been triggered");

        service.next.set(new TowerService.NotFound());
        assertError(post("/get_appointment", get()), 404, ErrorCode.APPOINTMENT_NOT_FOUND, "Appointment not found");

        service.next.set(new TowerService.SlotsExhausted());
        assertError(post("/register", register()), 400, ErrorCode.REGISTRATION_RESOURCE_EXHAUSTED, "maximum slots");

        service.next.set(new TowerService.Unavailable());
        for (String[] route : new String[][] {{"/register", register()}, {"/add_appointment", add()}, {"/get_appointment", get()},
                {"/get_subscription_info", info()}}) {
            assertError(post(route[0], route[1]), 503, ErrorCode.SERVICE_UNAVAILABLE, "unavailable");
        }

        service.next.set(new IllegalStateException("disk on fire"));
        assertError(post("/add_appointment", add()), 400, ErrorCode.UNEXPECTED_ERROR, "nothing was stored");
    }

    @Test
    void badBodiesNeverReachTheService() throws Exception {
        service.lastRequest.set(null);
        assertError(post("/register", ""), 400, ErrorCode.INVALID_REQUEST_FORMAT, "EOF");
        assertError(post("/register", "{}"), 400, ErrorCode.MISSING_FIELD, "user_id");
        assertError(post("/add_appointment", "{\"signature\": \"x\"}"), 400, ErrorCode.MISSING_FIELD, "appointment");
        assertError(post("/get_appointment", "{\"locator\": \"zz\", \"signature\": \"x\"}"), 400, ErrorCode.WRONG_FIELD_FORMAT, "Invalid character");
        assertError(post("/get_subscription_info", "{\"signature\": 5}"), 400, ErrorCode.WRONG_FIELD_TYPE, "invalid type");
        assertEquals(null, service.lastRequest.get());
    }

    @Test
    void oversizedBodiesAre413PerRoute() throws Exception {
        HttpResponse<String> r = post("/register", "{\"user_id\": \"" + "0".repeat(2_000) + "\"}");
        assertError(r, 413, ErrorCode.INVALID_REQUEST_FORMAT, "too large");
        String bigButAllowed = "{\"appointment\": {\"locator\": \"" + LOCATOR + "\", \"encrypted_blob\": \"" + "00".repeat(4_096)
                + "\", \"to_self_delay\": 144}, \"signature\": \"" + SIG + "\"}";
        service.next.set(new TowerService.NotEnoughSlots());
        assertEquals(401, post("/add_appointment", bigButAllowed).statusCode());
        String tooBig = bigButAllowed.replace("00".repeat(4_096), "00".repeat(5_000));
        assertError(post("/add_appointment", tooBig), 413, ErrorCode.INVALID_REQUEST_FORMAT, "too large");
    }

    @Test
    void unknownRoutesAndMethodsAreRefused() throws Exception {
        assertEquals(404, post("/delete_appointment", "{}").statusCode());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + "/register")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
    }
}
