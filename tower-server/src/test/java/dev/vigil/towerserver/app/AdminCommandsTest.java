package dev.vigil.towerserver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.breachdetector.chain.ChainTip;
import dev.vigil.breachdetector.chain.ReconcileOutcome;
import dev.vigil.breachdetector.match.RecentBlocks;
import dev.vigil.config.Network;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.AppointmentId;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerserver.admin.AdminApi;
import dev.vigil.towerserver.admin.AdminCommands;
import dev.vigil.towerserver.admin.AdminErrorCode;
import dev.vigil.towerserver.admin.Readiness;
import dev.vigil.towerserver.api.TowerService;
import dev.vigil.towerserver.gatekeeper.Gatekeeper;
import dev.vigil.towerserver.gatekeeper.Settlement;
import dev.vigil.towerserver.gatekeeper.SubscriptionPolicy;
import dev.vigil.towerserver.responder.BroadcastOutcome;
import dev.vigil.towerserver.responder.Responder;
import dev.vigil.towerserver.responder.ResponderPolicy;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerMachine;
import dev.vigil.towerserver.store.MapDbTowerStore;
import dev.vigil.towerserver.store.TowerStore;
import dev.vigil.towerserver.testsupport.BlockedEventLoops;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.BatchScope;
import dev.vigil.towerserver.watcher.LocatorPrefixIndex;
import dev.vigil.towerserver.watcher.Watcher;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin command over real HTTP, against the parts a tower is made of (as {@link Tower#launch} wires them)
 * on a real MapDB store: the token, each command's answer, bad parameters, paging, the backup and stop.
 * Under a tight blocked-event-loop check: no command may wait on the loop for the tower or the store.
 */
class AdminCommandsTest {
    private static final String TOKEN = "5e".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIP = 800_000;
    private static final int ALICE_APPOINTMENTS = 20;
    private static final int BOB_APPOINTMENTS = 5;

    @TempDir
    Path dir;

    private final LightningMessageSigner signer = new LightningMessageSigner(Secp256k1Backends.best());
    private final PrivateKey towerKey = key(1);
    private final PrivateKey aliceKey = key(2);
    private final PrivateKey bobKey = key(3);
    private final UserId alice = userOf(aliceKey);
    private final UserId bob = userOf(bobKey);
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private BlockedEventLoops blocked;
    private TowerStore store;
    private TowerThread tower;
    private ExecutorService cpu;
    private Vertx vertx;
    private AdminApi admin;
    private Watcher watcher;
    private List<Tracker> trackers;
    /** Every stored appointment as {@code locator/user}. */
    private final Set<String> appointments = new HashSet<>();

    @BeforeEach
    void start() throws Exception {
        store = MapDbTowerStore.open(dir.resolve(MapDbTowerStore.FILE_NAME)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        store.loadOrCreateTowerKey(() -> towerKey).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Bob has breaches being answered from an earlier run: the responder loads them, as at a start.
        trackers = List.of(tracker(0, new Tracker.Status.Unsent(TIP, "non-BIP68-final")),
                tracker(1, new Tracker.Status.InMempool(TIP - 5, TIP)), tracker(2, new Tracker.Status.Confirmed(TIP - 1)));
        for (Tracker t : trackers) {
            get(store.putTracker(t));
        }
        tower = TowerThread.start("test-tower");
        cpu = Executors.newFixedThreadPool(2);
        Gatekeeper gatekeeper = new Gatekeeper(SubscriptionPolicy.teosDefaults(), get(store.loadUsers()));
        BatchScope batch = new BatchScope(store, tower, gatekeeper);
        Responder responder = new Responder(new TrackerMachine(new ResponderPolicy(100, 2)), batch, batch,
                raw -> CompletableFuture.completedFuture(new BroadcastOutcome.Accepted()), tower,
                new Settlement(gatekeeper, batch, batch, tower), get(store.loadTrackers()), TIP);
        LocatorPrefixIndex index = get(LocatorPrefixIndex.rebuildFrom(store));
        watcher = new Watcher(new Watcher.Parts(tower, cpu, signer, towerKey, gatekeeper, store, store, store, index,
                new RecentBlocks(6), responder, batch), TIP);
        watcher.reconciled(new ReconcileOutcome.UpToDate(new ChainTip(new Hash256(Bytes.of(new byte[32])), (int) TIP)));
        TowerAdminQueries queries = new TowerAdminQueries(new TowerAdminQueries.Parts(towerId(), Network.REGTEST, tower, watcher,
                gatekeeper, index, responder, store));

        blocked = BlockedEventLoops.watch();
        JSON.readTree("{\"warm\":[1]}"); // class loading off the event loop
        vertx = Vertx.vertx(BlockedEventLoops.tightCheck());
        admin = new AdminApi(new AdminApi.Settings("127.0.0.1", 0), () -> new Readiness(true, true, TIP, TIP),
                List.of(new AdminCommands(TOKEN, queries, () -> stopRequested.complete(null))::mount));
        vertx.deployVerticle(admin).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertInstanceOf(TowerService.Registered.class, get(watcher.register(alice)));
        assertInstanceOf(TowerService.Registered.class, get(watcher.register(bob)));
        for (int i = 0; i < ALICE_APPOINTMENTS; i++) {
            add(aliceKey, locator(i));
        }
        for (int i = 0; i < BOB_APPOINTMENTS; i++) {
            add(bobKey, locator(i * 4)); // bob shares alice's locators 0, 4, 8, 12 and 16
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        blocked.close();
        tower.close();
        cpu.shutdownNow();
        store.close();
        assertEquals(List.of(), blocked.reports(), "an event loop was blocked");
    }

    // ------------------------------------------------------------------ the token

    @Test
    void everyCommandNeedsTheBearerTokenAndAWrongOneLearnsNothing() throws Exception {
        for (String command : List.of("gettowerinfo", "getusers", "getuser", "getappointments", "getallappointments",
                "gettrackers", "backup", "stop", "nosuchcommand")) {
            HttpResponse<String> none = http.send(request(command, "{}").build(), HttpResponse.BodyHandlers.ofString());
            assertError(none, AdminErrorCode.UNAUTHORIZED, "need Authorization: Bearer");
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertError(send(command, "{}", "Bearer " + "5f".repeat(32)), AdminErrorCode.UNAUTHORIZED, "wrong admin token");
            assertError(send(command, "{}", "Bearer " + TOKEN.substring(2)), AdminErrorCode.UNAUTHORIZED, "wrong admin token");
            assertError(send(command, "{}", "Basic " + TOKEN), AdminErrorCode.UNAUTHORIZED, "wrong admin token");
        }
        assertFalse(stopRequested.isDone(), "an unauthenticated stop stops nothing");
        assertError(post("nosuchcommand", "{}"), AdminErrorCode.UNKNOWN_COMMAND, "no admin command POST /admin/nosuchcommand");
        HttpResponse<String> viaGet = http.send(HttpRequest.newBuilder(URI.create(base() + "gettowerinfo"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(viaGet, AdminErrorCode.UNKNOWN_COMMAND, "the commands are POST /admin/<command>");
        assertEquals(200, send("gettowerinfo", "", "bearer " + TOKEN).statusCode(), "the scheme is case-insensitive");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.actualPort()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), "/health stays open to probes");
    }

    // ------------------------------------------------------------------ the commands

    @Test
    void getTowerInfoCountsUsersAppointmentsAndTrackers() throws Exception {
        JsonNode info = ok(post("gettowerinfo", ""));
        assertEquals(towerId().toHex(), info.get("tower_id").asText());
        assertEquals(2, info.get("n_registered_users").asInt());
        assertEquals(ALICE_APPOINTMENTS + BOB_APPOINTMENTS, info.get("n_watcher_appointments").asInt());
        assertEquals(3, info.get("n_responder_trackers").asInt());
        assertTrue(info.get("bitcoind_reachable").asBoolean());
        assertEquals("regtest", info.get("network").asText());
        assertEquals(TIP, info.get("tip_height").asLong());
        assertEquals(TIP, info.get("node_height").asLong());
    }

    @Test
    void getUsersListsTheRegisteredIdsInOrder() throws Exception {
        List<String> expected = new ArrayList<>(List.of(alice.toHex(), bob.toHex()));
        expected.sort(null);
        assertEquals(expected, strings(ok(post("getusers", "{}")).get("user_ids")));
    }

    @Test
    void getUserHasTheSubscriptionAndTheLocatorsOfAUserAndRefusesUnknownAndMalformedIds() throws Exception {
        JsonNode u = ok(post("getuser", "{\"user_id\": \"" + bob.toHex() + "\"}"));
        assertEquals(bob.toHex(), u.get("user_id").asText());
        SubscriptionPolicy teos = SubscriptionPolicy.teosDefaults();
        assertEquals(teos.slots() - BOB_APPOINTMENTS, u.get("available_slots").asLong());
        assertEquals(TIP, u.get("subscription_start").asLong());
        assertEquals(TIP + teos.duration(), u.get("subscription_expiry").asLong());
        List<String> watched = new ArrayList<>();
        for (int i = 0; i < BOB_APPOINTMENTS; i++) {
            watched.add(locator(i * 4).toHex());
        }
        watched.sort(null);
        assertEquals(watched, strings(u.get("appointments")));
        List<String> answered = new ArrayList<>(trackers.stream().map(t -> t.locator().toHex()).toList());
        answered.sort(null);
        assertEquals(answered, strings(u.get("trackers")));

        UserId stranger = userOf(key(9));
        assertError(post("getuser", "{\"user_id\": \"" + stranger.toHex() + "\"}"), AdminErrorCode.USER_NOT_FOUND,
                "no registered user " + stranger.toHex());
        assertError(post("getuser", "{\"user_id\": \"04" + "11".repeat(32) + "\"}"), AdminErrorCode.INVALID_FIELD,
                "user_id is not a user id");
        assertError(post("getuser", "{\"user_id\": \"02zz\"}"), AdminErrorCode.INVALID_FIELD, "user_id is not a user id");
        assertError(post("getuser", "{}"), AdminErrorCode.INVALID_REQUEST, "missing user_id");
        assertError(post("getuser", "{\"user_id\": 7}"), AdminErrorCode.INVALID_REQUEST, "user_id must be a JSON string");
        assertError(post("getuser", "[\"" + bob.toHex() + "\"]"), AdminErrorCode.INVALID_REQUEST, "not a JSON object");
        assertError(post("getuser", "{\"user_id\": "), AdminErrorCode.INVALID_REQUEST, "the body is not JSON");
        assertError(post("getuser", "{\"user_id\": \"" + bob.toHex() + "\", \"pad\": \"" + "x".repeat(20_000) + "\"}"),
                AdminErrorCode.INVALID_REQUEST, "the body is over 16384 bytes");
    }

    @Test
    void getAppointmentsAnswersEveryUsersAppointmentAndTrackerOfALocator() throws Exception {
        JsonNode shared = ok(post("getappointments", "{\"locator\": \"" + locator(4).toHex() + "\"}")).get("appointments");
        assertEquals(2, shared.size(), shared.toString());
        Set<String> users = new HashSet<>();
        for (JsonNode a : shared) {
            assertEquals("being_watched", a.get("status").asText());
            assertEquals(locator(4).toHex(), a.get("appointment").get("locator").asText());
            assertEquals(blob(locator(4)).toHex(), a.get("appointment").get("encrypted_blob").asText());
            assertEquals(144, a.get("appointment").get("to_self_delay").asInt());
            assertEquals(TIP, a.get("start_block").asLong());
            users.add(a.get("user_id").asText());
        }
        assertEquals(Set.of(alice.toHex(), bob.toHex()), users);

        Tracker t = trackers.get(1);
        JsonNode responded = ok(post("getappointments", "{\"locator\": \"" + t.locator().toHex() + "\"}")).get("appointments");
        assertEquals(1, responded.size());
        assertEquals("dispute_responded", responded.get(0).get("status").asText());
        JsonNode tracker = responded.get(0).get("tracker");
        assertEquals(t.disputeTxid().toDisplayHex(), tracker.get("dispute_txid").asText());
        assertEquals(t.penaltyTxid().toDisplayHex(), tracker.get("penalty_txid").asText());
        assertEquals(t.penaltyTx().toHex(), tracker.get("penalty_rawtx").asText());
        assertEquals("in_mempool", tracker.get("state").asText());

        assertEquals(0, ok(post("getappointments", "{\"locator\": \"" + locator(999).toHex() + "\"}")).get("appointments").size());
        assertError(post("getappointments", "{\"locator\": \"abcd\"}"), AdminErrorCode.INVALID_FIELD, "locator is not a locator");
        assertError(post("getappointments", ""), AdminErrorCode.INVALID_REQUEST, "missing locator");
    }

    @Test
    void getAllAppointmentsPagesThroughEveryAppointmentThenEveryTrackerWithNoneLostOrRepeated() throws Exception {
        Set<String> expected = new HashSet<>(appointments);
        trackers.forEach(t -> expected.add("tracker " + t.id().toHex()));
        int total = ALICE_APPOINTMENTS + BOB_APPOINTMENTS + trackers.size();
        assertEquals(total, expected.size());
        for (int limit : new int[] {1, 6, ALICE_APPOINTMENTS + BOB_APPOINTMENTS, total, 1_000}) {
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                ObjectNode body = JSON.createObjectNode().put("limit", limit);
                if (after != null) {
                    body.put("after", after);
                }
                JsonNode page = ok(post("getallappointments", body.toString()));
                JsonNode items = page.get("appointments");
                assertTrue(items.size() <= limit && items.size() > 0, page.toString());
                for (JsonNode item : items) {
                    seen.add(item.get("status").asText().equals("being_watched")
                            ? item.get("appointment").get("locator").asText() + "/" + item.get("user_id").asText()
                            : "tracker " + AppointmentId.of(Locator.fromHex(item.get("tracker").get("locator").asText()),
                                    UserId.fromHex(item.get("user_id").asText())).toHex());
                }
                after = page.get("next").isNull() ? null : page.get("next").asText();
                pages++;
            } while (after != null);
            assertEquals(total, seen.size(), "limit " + limit + ": no item repeated: " + seen);
            assertEquals(expected, new HashSet<>(seen), "limit " + limit + ": every item once");
            assertEquals((total + limit - 1) / limit, pages, "limit " + limit + ": full pages but the last");
            assertTrue(seen.subList(0, total - trackers.size()).stream().noneMatch(s -> s.startsWith("tracker")),
                    "appointments first, then trackers");
        }
        JsonNode defaults = ok(post("getallappointments", "{}"));
        assertEquals(total, defaults.get("appointments").size(), "the default page (" + AdminCommands.DEFAULT_PAGE + ") holds all");
        assertTrue(defaults.get("next").isNull());

        assertError(post("getallappointments", "{\"limit\": 0}"), AdminErrorCode.INVALID_FIELD, "limit is 1 to 1000, not 0");
        assertError(post("getallappointments", "{\"limit\": 1001}"), AdminErrorCode.INVALID_FIELD, "limit is 1 to 1000, not 1001");
        assertError(post("getallappointments", "{\"limit\": \"10\"}"), AdminErrorCode.INVALID_REQUEST, "limit must be a JSON integer");
        assertError(post("getallappointments", "{\"limit\": 2.5}"), AdminErrorCode.INVALID_REQUEST, "limit must be a JSON integer");
        assertError(post("getallappointments", "{\"after\": \"x123\"}"), AdminErrorCode.INVALID_FIELD, "after is not a cursor");
    }

    @Test
    void getTrackersListsTheRespondersTrackersWithTheirStateAndHeights() throws Exception {
        JsonNode list = ok(post("gettrackers", "{}")).get("trackers");
        assertEquals(3, list.size());
        List<Tracker> byId = new ArrayList<>(trackers);
        byId.sort((a, b) -> a.id().value().compareTo(b.id().value()));
        for (int i = 0; i < 3; i++) {
            Tracker t = byId.get(i);
            JsonNode j = list.get(i);
            assertEquals(t.disputeTxid().toDisplayHex(), j.get("dispute_txid").asText());
            assertEquals(t.penaltyTxid().toDisplayHex(), j.get("penalty_txid").asText());
            assertEquals(t.user().toHex(), j.get("user_id").asText());
            assertEquals(t.locator().toHex(), j.get("locator").asText());
            if (t.disputeConfirmed()) {
                assertEquals(t.disputeHeight(), j.get("dispute_height").asLong());
            } else {
                assertTrue(j.get("dispute_height").isNull());
            }
            if (t.status() instanceof Tracker.Status.Unsent s) {
                assertEquals("unsent", j.get("state").asText());
                assertEquals(s.lastAnswer(), j.get("last_answer").asText());
                assertEquals(s.sinceHeight(), j.get("since_height").asLong());
            } else if (t.status() instanceof Tracker.Status.InMempool s) {
                assertEquals("in_mempool", j.get("state").asText());
                assertEquals(s.lastSentHeight(), j.get("last_sent_height").asLong());
            } else {
                assertEquals("confirmed", j.get("state").asText());
                assertEquals(((Tracker.Status.Confirmed) t.status()).height(), j.get("penalty_height").asLong());
            }
        }
    }

    @Test
    void backupWritesAnOwnerOnlyStoreThatOpensWithEverythingAndRefusesWhatItMustNotTouch() throws Exception {
        Path target = dir.resolve("backups").resolve("vigil-backup.db");
        Files.createDirectories(target.getParent());
        JsonNode done = ok(post("backup", JSON.createObjectNode().put("path", target.toString()).toString()));
        assertEquals(target.toString(), done.get("path").asText());
        assertEquals(Files.size(target), done.get("bytes").asLong());
        assertEquals(0, done.get("tip_height").asLong(), "no tip was saved in this store");
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        }
        Path restored = Files.createDirectory(dir.resolve("restored")).resolve(MapDbTowerStore.FILE_NAME);
        Files.copy(target, restored);
        try (MapDbTowerStore copy = get(MapDbTowerStore.open(restored))) {
            assertEquals(towerKey, get(copy.loadOrCreateTowerKey(() -> key(77))));
            assertEquals(2, get(copy.loadUsers()).size());
            assertEquals(ALICE_APPOINTMENTS, get(copy.locatorsOf(alice)).size());
            assertEquals(BOB_APPOINTMENTS, get(copy.locatorsOf(bob)).size());
            assertEquals(Set.copyOf(trackers), Set.copyOf(get(copy.loadTrackers())));
        }

        assertError(post("backup", JSON.createObjectNode().put("path", target.toString()).toString()), AdminErrorCode.BACKUP_REFUSED,
                "it exists, and a backup never replaces a file");
        Path nowhere = dir.resolve("missing").resolve("b.db");
        assertError(post("backup", JSON.createObjectNode().put("path", nowhere.toString()).toString()), AdminErrorCode.BACKUP_REFUSED,
                "the directory " + nowhere.getParent() + " does not exist");
        assertError(post("backup", "{\"path\": \"relative/b.db\"}"), AdminErrorCode.INVALID_FIELD, "path must be absolute");
        assertError(post("backup", "{}"), AdminErrorCode.INVALID_REQUEST, "missing path");
        assertFalse(Files.exists(nowhere.getParent()));
    }

    @Test
    void stopAnswersThenAsksTheTowerToStop() throws Exception {
        assertFalse(stopRequested.isDone());
        HttpResponse<String> r = post("stop", "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"stopping\":true}", r.body());
        stopRequested.get(10, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ helpers

    private String base() {
        return "http://127.0.0.1:" + admin.actualPort() + "/admin/";
    }

    private HttpRequest.Builder request(String command, String body) {
        return HttpRequest.newBuilder(URI.create(base() + command)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(String command, String body, String authorization) throws Exception {
        return http.send(request(command, body).header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String command, String body) throws Exception {
        return send(command, body, "Bearer " + TOKEN);
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, AdminErrorCode code, String messagePart) throws Exception {
        assertEquals(code.httpStatus(), r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        JsonNode body = JSON.readTree(r.body());
        assertEquals(code.code(), body.get("error_code").asInt(), r.body());
        assertTrue(body.get("error").asText().contains(messagePart), r.body());
        assertEquals(2, body.size(), r.body());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void add(PrivateKey user, Locator locator) {
        Appointment a = new Appointment(locator, blob(locator), 144);
        String sig = signer.sign(UserRequests.addAppointment(a), user);
        assertInstanceOf(TowerService.Accepted.class, get(watcher.addAppointment(new Messages.AddAppointmentRequest(a, sig))));
        appointments.add(locator.toHex() + "/" + userOf(user).toHex());
    }

    private TowerId towerId() {
        return new TowerId(new PublicKey(signer.backend().publicKey(towerKey)));
    }

    private UserId userOf(PrivateKey key) {
        return new UserId(new PublicKey(signer.backend().publicKey(key)));
    }

    private static PrivateKey key(int n) {
        byte[] k = new byte[32];
        k[0] = 0x21;
        k[31] = (byte) n;
        return new PrivateKey(Bytes.of(k));
    }

    private static Locator locator(int n) {
        byte[] l = new byte[Locator.LENGTH];
        l[0] = (byte) (n * 37);
        l[15] = (byte) n;
        l[7] = 0x5a;
        return new Locator(Bytes.of(l));
    }

    private static Bytes blob(Locator locator) {
        byte[] b = new byte[200];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (locator.value().get(i % Locator.LENGTH) + i);
        }
        return Bytes.of(b);
    }

    private Tracker tracker(int n, Tracker.Status status) {
        byte[] dispute = new byte[32];
        dispute[0] = (byte) (0xd0 + n);
        dispute[31] = 1;
        byte[] penalty = dispute.clone();
        penalty[31] = 2;
        Txid disputeTxid = Txid.ofInternal(dispute);
        Locator l = disputeTxid.locator();
        return new Tracker(AppointmentId.of(l, bob), bob, l, 1, disputeTxid, Bytes.of(new byte[] {1, (byte) n}),
                Txid.ofInternal(penalty), Bytes.of(new byte[] {2, (byte) n, 3}), n == 0 ? -1 : TIP - 10 + n, status);
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
