package dev.vigil.towerprotocol.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.MonitorMessages.ChallengeRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.ChallengeResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsPage;
import dev.vigil.towerprotocol.monitor.MonitorMessages.EventsRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.HeightRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.InfoResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.Watch;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchAddResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchRemoveResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchEntry;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchListResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WatchSpend;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookSetRequest;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookSetResponse;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookState;
import dev.vigil.towerprotocol.monitor.MonitorMessages.WebhookStatusResponse;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every monitoring body pinned by a golden file (golden/monitor/json/) and read back; bad bodies get teos's codes. */
class MonitorJsonTest {
    private static final MonitorJson JSON = new MonitorJson(Secp256k1Backends.best());
    private static final EventSignature SIGNATURE = new EventSignature(new LightningMessageSigner(Secp256k1Backends.best()));
    private static final String SIG = "d9tibmnic9t5y41hg7hkakdcra94akas9ku3rmmj4ag9mritc8ok4p5qzefs78c9pqfhpuftqqzhydbdwfg7u6w6wdxcqpqn4sj4e73e";
    private static final WatchHint HINT = WatchHint.fromHex("d9b430165c32054504fdc9f1aae1f6fc");
    private static final Outpoint OUTPOINT = new Outpoint(
            Txid.fromDisplayHex("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 1);

    @Test
    void requestsArePinnedAndReadBack() {
        WatchAddRequest hint = new WatchAddRequest(new Watch.Hint(HINT), 812345, SIG);
        golden("watch_add_hint_request.json", MonitorJson.toJson(hint));
        assertEquals(hint, MonitorJson.parseWatchAddRequest(read("watch_add_hint_request.json")).orElseThrow());
        WatchAddRequest outpoint = new WatchAddRequest(new Watch.ByOutpoint(OUTPOINT), 812345, SIG);
        golden("watch_add_outpoint_request.json", MonitorJson.toJson(outpoint));
        assertEquals(outpoint, MonitorJson.parseWatchAddRequest(read("watch_add_outpoint_request.json")).orElseThrow());
        assertArrayEquals(MonitorRequests.watchAdd(EventSamples.TOWER, 812345, OUTPOINT), outpoint.message(EventSamples.TOWER));

        WatchRemoveRequest remove = new WatchRemoveRequest(WatchId.of(OUTPOINT), 812345, SIG);
        golden("watch_remove_request.json", MonitorJson.toJson(remove));
        assertEquals(remove, MonitorJson.parseWatchRemoveRequest(read("watch_remove_request.json")).orElseThrow());

        HeightRequest list = new HeightRequest(812345, SIG);
        golden("height_request.json", MonitorJson.toJson(list));
        assertEquals(list, MonitorJson.parseHeightRequest(read("height_request.json")).orElseThrow());

        EventsRequest events = new EventsRequest(40, 100, 812345, SIG);
        golden("events_request.json", MonitorJson.toJson(events));
        assertEquals(events, MonitorJson.parseEventsRequest(read("events_request.json")).orElseThrow());
        assertEquals(new EventsRequest(40, 100, 7, "s"),
                MonitorJson.parseEventsRequest(utf8("{\"after\":40,\"height\":7,\"signature\":\"s\"}")).orElseThrow(), "limit defaults to 100");

        ChallengeRequest challenge = new ChallengeRequest(EventSamples.USER);
        golden("challenge_request.json", MonitorJson.toJson(challenge));
        assertEquals(challenge, JSON.parseChallengeRequest(read("challenge_request.json")).orElseThrow());

        WebhookSetRequest webhook = new WebhookSetRequest("https://relay.example/vigil", 812345, SIG);
        golden("webhook_set_request.json", MonitorJson.toJson(webhook));
        assertEquals(webhook, MonitorJson.parseWebhookSetRequest(read("webhook_set_request.json")).orElseThrow());
    }

    @Test
    void responsesArePinnedAndReadBack() {
        InfoResponse info = new InfoResponse(EventSamples.TOWER, 812345, 1, 1, 1000, 1000, 15, true);
        golden("info_response.json", MonitorJson.toJson(info));
        assertEquals(info, MonitorJson.parseInfoResponse(read("info_response.json")).orElseThrow());

        WatchAddResponse added = new WatchAddResponse(WatchId.of(HINT), WatchKind.HINT, 812345, 9987, 816665, SIG);
        golden("watch_add_response.json", MonitorJson.toJson(added));
        assertEquals(added, MonitorJson.parseWatchAddResponse(read("watch_add_response.json")).orElseThrow());

        WatchRemoveResponse removed = new WatchRemoveResponse(WatchId.of(HINT), 9988);
        golden("watch_remove_response.json", MonitorJson.toJson(removed));
        assertEquals(removed, MonitorJson.parseWatchRemoveResponse(read("watch_remove_response.json")).orElseThrow());

        ChallengeResponse challenge = new ChallengeResponse(Bytes.fromHex("2a".repeat(32)), 60);
        golden("challenge_response.json", MonitorJson.toJson(challenge));
        assertEquals(challenge, MonitorJson.parseChallengeResponse(read("challenge_response.json")).orElseThrow());
    }

    @Test
    void watchListAndWebhookAnswersArePinnedAndReadBack() {
        WatchListResponse list = new WatchListResponse(List.of(
                new WatchEntry(WatchId.of(HINT), WatchKind.HINT, Optional.empty(), 812001, Optional.empty()),
                new WatchEntry(WatchId.of(OUTPOINT), WatchKind.OUTPOINT, Optional.of(OUTPOINT), 811900,
                        Optional.of(new WatchSpend(812300, Txid.fromDisplayHex("35af2c90e84decff1c178c6d600bc0e9de29af15a11b3711db623f960f24ae11"), 40)))));
        golden("watch_list_response.json", MonitorJson.toJson(list));
        assertEquals(list, MonitorJson.parseWatchListResponse(read("watch_list_response.json")).orElseThrow());

        WebhookSetResponse set = new WebhookSetResponse("https://relay.example/vigil", WebhookState.ACTIVE, 42);
        golden("webhook_set_response.json", MonitorJson.toJson(set));
        assertEquals(set, MonitorJson.parseWebhookSetResponse(read("webhook_set_response.json")).orElseThrow());

        WebhookStatusResponse status = new WebhookStatusResponse("https://relay.example/vigil", WebhookState.DISABLED, 41, 1, 3,
                1796214005000L, 503);
        golden("webhook_status_response.json", MonitorJson.toJson(status));
        assertEquals(status, MonitorJson.parseWebhookStatusResponse(read("webhook_status_response.json")).orElseThrow());

        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseWatchListResponse(utf8(
                "{\"watches\":[{\"watch_id\":\"" + HINT.toHex() + "\",\"kind\":\"hint\",\"start_height\":1,\"state\":\"lost\"}]}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseWatchListResponse(utf8(
                "{\"watches\":[{\"watch_id\":\"" + HINT.toHex() + "\",\"kind\":\"hint\",\"outpoint\":\"" + OUTPOINT
                        + "\",\"start_height\":1,\"state\":\"watching\"}]}")), "an outpoint on a hint watch");
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseWebhookSetResponse(utf8(
                "{\"url\":\"u\",\"state\":\"sleeping\",\"delivered_through\":1}")));
    }

    @Test
    void aPullAnswerCarriesTheStoredEventBytesUnchanged() {
        SignedEvent a = SIGNATURE.signed(EventSamples.all().get("breach_seen"), EventSamples.TOWER_KEY);
        SignedEvent b = SIGNATURE.signed(EventSamples.all().get("justice_broadcast"), EventSamples.TOWER_KEY);
        EventsPage page = new EventsPage(List.of(a, b), 42, 1, false, 812345);
        byte[] json = MonitorJson.toJson(page);
        golden("events_page.json", new String(json, StandardCharsets.UTF_8));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"events\":[" + new String(a.wire(), StandardCharsets.UTF_8) + ","), "spliced as stored");
        EventsPage read = MonitorJson.parseEventsPage(read("events_page.json")).orElseThrow();
        assertEquals(page, read);
        for (SignedEvent e : read.events()) {
            assertEquals(EventSignature.Verdict.VALID, SIGNATURE.check(e, EventSamples.TOWER, EventSamples.USER));
        }
        String broken = text.replace("\"type\":\"breach_seen\"", "\"type\":\"breach_unseen\"");
        Parsed.Invalid<?> bad = assertInstanceOf(Parsed.Invalid.class, MonitorJson.parseEventsPage(utf8(broken)));
        assertTrue(bad.error().message().startsWith("event 0: "), bad.error().message());
    }

    @Test
    void badBodiesGetTeosCodes() {
        assertCode(ErrorCode.MISSING_FIELD, MonitorJson.parseHeightRequest(utf8("{\"signature\":\"s\"}")));
        assertCode(ErrorCode.WRONG_FIELD_TYPE, MonitorJson.parseHeightRequest(utf8("{\"height\":\"1\",\"signature\":\"s\"}")));
        assertCode(ErrorCode.EMPTY_FIELD, MonitorJson.parseHeightRequest(utf8("{\"height\":1,\"signature\":\"\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(utf8("{\"height\":4294967296,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(utf8("{\"height\":1,\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(utf8("{\"height\":1,\"signature\":\"s\"} {}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(utf8("{")));
        assertCode(ErrorCode.WRONG_FIELD_TYPE, MonitorJson.parseHeightRequest(utf8("[]")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(new byte[MonitorJson.MAX_REQUEST_BYTES + 1]));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseHeightRequest(utf8("[".repeat(50) + "]".repeat(50))));
        assertCode(ErrorCode.WRONG_FIELD_SIZE, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":{\"hint\":\"abcd\"},\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.WRONG_FIELD_FORMAT, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":{\"hint\":\"zz\"},\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.WRONG_FIELD_FORMAT, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":{\"outpoint\":\"" + OUTPOINT.txid().toDisplayHex()
                + ":4294967296\"},\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":{},\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":{\"hint\":\"" + HINT.toHex()
                + "\",\"outpoint\":\"" + OUTPOINT + "\"},\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.WRONG_FIELD_TYPE, MonitorJson.parseWatchAddRequest(utf8("{\"watch\":5,\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseEventsRequest(utf8("{\"after\":0,\"limit\":501,\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseEventsRequest(utf8("{\"after\":0,\"limit\":0,\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.INVALID_REQUEST_FORMAT, MonitorJson.parseEventsRequest(utf8("{\"after\":-1,\"height\":1,\"signature\":\"s\"}")));
        assertCode(ErrorCode.WRONG_FIELD_TYPE, MonitorJson.parseEventsRequest(utf8("{\"after\":1.5,\"height\":1,\"signature\":\"s\"}")));
        // 02 followed by 32 bytes of 0xff is not on the curve.
        assertCode(ErrorCode.WRONG_FIELD_FORMAT, JSON.parseChallengeRequest(utf8("{\"user_id\":\"02" + "ff".repeat(32) + "\"}")));
        assertCode(ErrorCode.WRONG_FIELD_SIZE, JSON.parseChallengeRequest(utf8("{\"user_id\":\"02\"}")));
    }

    private static void assertCode(ErrorCode expected, Parsed<?> parsed) {
        assertCode(expected, parsed, "");
    }

    private static void assertCode(ErrorCode expected, Parsed<?> parsed, String why) {
        Parsed.Invalid<?> bad = assertInstanceOf(Parsed.Invalid.class, parsed, why);
        assertEquals(expected, bad.error().code(), why + ": " + bad.error().message());
    }

    private static void golden(String name, String json) {
        Golden.assertBytes("json/" + name, utf8(json));
    }

    private static byte[] read(String name) {
        return Golden.read("json/" + name);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
