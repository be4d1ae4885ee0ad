package dev.vigil.towerserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorJson;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.testsupport.BlockedEventLoops;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring routes over real HTTP with a scripted service: mounted only when monitoring is on,
 * the 4 KiB body limit, strict parsing before the service, the pull page spliced byte for byte, and
 * every refusal's status and code (docs/monitoring.md 5.2, 5.5).
 */
class MonitorApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LightningMessageSigner SIGNER = new LightningMessageSigner(Secp256k1Backends.best());
    private static final PrivateKey TOWER_KEY = PrivateKey.fromHex("22".repeat(32));
    private static final TowerId TOWER = new TowerId(new PublicKey(SIGNER.backend().publicKey(TOWER_KEY)));
    private static final UserId USER = new UserId(new PublicKey(SIGNER.backend().publicKey(PrivateKey.fromHex("33".repeat(32)))));
    private static final String EVENTS = "{\"after\":0,\"limit\":10,\"height\":100,\"signature\":\"abc\"}";

    private final ScriptedEvents service = new ScriptedEvents();
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private TowerApi api;
    private BlockedEventLoops blocked;

    static final class ScriptedEvents implements EventService {
        final AtomicReference<Object> next = new AtomicReference<>();
        final AtomicReference<EventsRequest> lastRequest = new AtomicReference<>();

        @Override
        public InfoResponse info() {
            return new InfoResponse(TOWER, 812_345, 1, 1, 1000, 1000, 15, true);
        }

        @Override
        public CompletionStage<EventsOutcome> events(EventsRequest request) {
            lastRequest.set(request);
            Object o = next.get();
            if (o instanceof RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.supplyAsync(() -> (EventsOutcome) o);
        }

        @Override
        public CompletionStage<WatchAddOutcome> watchAdd(dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest request) {
            return CompletableFuture.completedFuture((WatchAddOutcome) next.get());
        }

        @Override
        public CompletionStage<WatchRemoveOutcome> watchRemove(dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest request) {
            return CompletableFuture.completedFuture((WatchRemoveOutcome) next.get());
        }
    }

    private void start(boolean monitoring) throws Exception {
        blocked = BlockedEventLoops.watch();
        MonitorJson.parseEventsRequest(EVENTS.getBytes(StandardCharsets.UTF_8)); // class loading off the event loop
        vertx = Vertx.vertx(BlockedEventLoops.tightCheck());
        api = new TowerApi(new TowerApi.Settings("127.0.0.1", 0, 4096), new TowerApiTest.ScriptedService(),
                new TeosJson(Secp256k1Backends.best(), 4096), RequestObserver.NONE,
                monitoring ? Optional.of(new MonitorApi(service)) : Optional.empty());
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

    private HttpResponse<String> getInfo() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + "/monitor/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, ErrorCode code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code.code(), body.get("error_code").asInt(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        return body;
    }

    @Test
    void withoutMonitoringTheRoutesDoNotExist() throws Exception {
        start(false);
        assertEquals(404, getInfo().statusCode());
        assertEquals(404, post("/monitor/events", EVENTS).statusCode());
        assertNull(service.lastRequest.get());
    }

    @Test
    void infoAnswersTheServicesSettings() throws Exception {
        start(true);
        HttpResponse<String> r = getInfo();
        assertEquals(200, r.statusCode());
        assertEquals(MonitorJson.toJson(service.info()), r.body());
    }

    @Test
    void aPageIsTheStoredBytesSplicedAndParsesBack() throws Exception {
        start(true);
        EventSignature signature = new EventSignature(SIGNER);
        List<dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent> events = new ArrayList<>();
        for (long c = 41; c <= 42; c++) {
            MonitorEvent e = new MonitorEvent.Retracted(new MonitorEvent.Head(c, EventId.of(TOWER, USER, c), USER, 812_000 + c,
                    new BlockHash(Bytes.of(new byte[32]))), EventId.of(TOWER, USER, 1), 1, dev.vigil.towerprotocol.monitor.EventType.BREACH_SEEN);
            events.add(signature.signed(e, TOWER_KEY));
        }
        EventsPage page = new EventsPage(events, 42, 1, false, 812_345);
        service.next.set(new EventService.Page(page));
        HttpResponse<String> r = post("/monitor/events", EVENTS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(new String(MonitorJson.toJson(page), StandardCharsets.UTF_8), r.body());
        EventsPage back = MonitorJson.parseEventsPage(r.body().getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(42, back.head());
        for (int i = 0; i < 2; i++) {
            assertEquals(EventSignature.Verdict.VALID, signature.check(back.events().get(i), TOWER, USER));
        }
        assertEquals(new EventsRequest(0, 10, 100, "abc"), service.lastRequest.get());
    }

    @Test
    void everyRefusalHasItsStatusAndCode() throws Exception {
        start(true);
        service.next.set(new EventService.UnknownSigner());
        assertTrue(assertError(post("/monitor/events", EVENTS), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR)
                .get("error").asText().contains("User cannot be authenticated"));
        service.next.set(new EventService.MonitoringDenied());
        assertError(post("/monitor/events", EVENTS), 403, ErrorCode.MONITORING_DISABLED_FOR_USER);
        service.next.set(new EventService.CursorAhead(7));
        assertTrue(assertError(post("/monitor/events", EVENTS), 400, ErrorCode.CURSOR_AHEAD).get("error").asText().contains("(7)"));
        service.next.set(new EventService.HeightOutOfRange(812_345));
        JsonNode body = assertError(post("/monitor/events", EVENTS), 401, ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE);
        assertEquals(812_345, body.get("tower_height").asLong());
        service.next.set(new IllegalStateException("disk on fire"));
        assertError(post("/monitor/events", EVENTS), 400, ErrorCode.UNEXPECTED_ERROR);
    }

    @Test
    void watchRefusalsHaveTheirCodes() throws Exception {
        start(true);
        String add = "{\"watch\":{\"hint\":\"" + "ab".repeat(16) + "\"},\"height\":100,\"signature\":\"abc\"}";
        String remove = "{\"watch_id\":\"" + "ab".repeat(16) + "\",\"height\":100,\"signature\":\"abc\"}";
        service.next.set(new EventService.KindNotTaken("hint"));
        assertError(post("/monitor/watch/add", add), 400, ErrorCode.WATCH_KIND_UNSUPPORTED);
        service.next.set(new EventService.TooManyWatches(5));
        assertError(post("/monitor/watch/add", add), 400, ErrorCode.WATCH_LIMIT_REACHED);
        service.next.set(new EventService.NoSlotForWatch());
        assertError(post("/monitor/watch/add", add), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR);
        service.next.set(new EventService.SubscriptionEnded(4_420));
        assertTrue(assertError(post("/monitor/watch/add", add), 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR)
                .get("error").asText().contains("expired at 4420"));
        service.next.set(new EventService.NodeUnavailable());
        assertError(post("/monitor/watch/add", add), 503, ErrorCode.SERVICE_UNAVAILABLE);
        service.next.set(new EventService.NoSuchWatch());
        assertError(post("/monitor/watch/remove", remove), 404, ErrorCode.WATCH_NOT_FOUND);
        assertError(post("/monitor/watch/add", "{\"watch\":{\"hint\":\"ab\"},\"height\":100,\"signature\":\"abc\"}"), 400,
                ErrorCode.WRONG_FIELD_SIZE);
    }

    @Test
    void badBodiesNeverReachTheService() throws Exception {
        start(true);
        assertError(post("/monitor/events", ""), 400, ErrorCode.INVALID_REQUEST_FORMAT);
        assertError(post("/monitor/events", "{\"after\":0,\"height\":1}"), 400, ErrorCode.MISSING_FIELD);
        assertError(post("/monitor/events", "{\"after\":0,\"limit\":501,\"height\":1,\"signature\":\"x\"}"), 400, ErrorCode.INVALID_REQUEST_FORMAT);
        assertError(post("/monitor/events", "{\"after\":0,\"after\":1,\"height\":1,\"signature\":\"x\"}"), 400, ErrorCode.INVALID_REQUEST_FORMAT);
        HttpResponse<String> big = post("/monitor/events", "{\"after\":0,\"height\":1,\"signature\":\"" + "x".repeat(5000) + "\"}");
        JsonNode tooLarge = assertError(big, 413, ErrorCode.INVALID_REQUEST_FORMAT);
        assertTrue(tooLarge.get("error").asText().contains("4096"), big.body());
        assertNull(service.lastRequest.get());
    }
}
