package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.TeosJson;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every teos error code (reference/peer-towers.md §2.2) produced by a real tower over real HTTP, one
 * test per code (and per cause of code 7), each asserting the HTTP status and {@code error_code}.
 *
 * <p>{@code UNEXPECTED_ERROR} (255) is not here: it answers a failure behind the service (a store
 * that cannot commit, a bug), which a healthy tower cannot be made to produce from outside.
 * tower-server's {@code api/TowerApiTest#everyRefusalMapsToTeosCodesAndStatuses} covers its status and body.
 *
 * <p>One devnet for the class, and four towers on it, each configured for what it must refuse:
 * {@code main} (a 1,024-byte blob limit, so an oversized blob reaches the check that answers 34
 * rather than the body limit that answers 413), {@code oneSlot} (1 slot for 1 block: not enough
 * slots, then expired), {@code bottomless} (2^32 − 1 slots: a top-up overflows) and {@code nodeless}
 * (its bitcoind address refuses connections: 503).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorCodesOverHttpIT {
    private static final int MAX_BLOB = 1_024;

    @TempDir
    static Path dir;

    /** Something to close at the end, with a name for the report (closing times are reported). */
    private record Resource(String name, AutoCloseable resource) {}

    private final Deque<Resource> open = new ArrayDeque<>();
    private final ScenarioReport report = new ScenarioReport("5. every teos error code over real HTTP");
    private Devnet devnet;
    private List<RevokedState> states;
    private Tower main;
    private Tower oneSlot;
    private Tower bottomless;
    private Tower nodeless;

    @BeforeAll
    void start() throws Exception {
        devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
        open.push(new Resource("devnet", devnet));
        DevnetChannel channel = DevnetChannel.open(devnet, "error-codes");
        states = List.of(channel.revokedState(0), channel.revokedState(1));
        main = tower("main", Map.of("appointment-max-blob-bytes", Integer.toString(MAX_BLOB)));
        oneSlot = tower("one-slot", Map.of("subscription-slots", "1", "subscription-duration", "1"));
        bottomless = tower("bottomless", Map.of("subscription-slots", "4294967295"));
        Map<String, String> flags = ScenarioTower.flags(dir.resolve("nodeless"), devnet, "127.0.0.1:" + closedPort());
        nodeless = ScenarioTower.start(flags, dir);
        open.push(new Resource("nodeless", nodeless));
        report.note("devnet at height " + BreachScenariosIT.height(devnet) + "; towers main, one-slot, bottomless synced; nodeless up");
    }

    private Tower tower(String name, Map<String, String> extra) throws IOException {
        Map<String, String> flags = ScenarioTower.flags(dir.resolve(name), devnet);
        flags.putAll(extra);
        Tower t = ScenarioTower.startSynced(flags, dir, devnet);
        open.push(new Resource(name, t));
        return t;
    }

    /** A loopback port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            while (!open.isEmpty()) {
                Resource r = open.pop();
                long t0 = System.nanoTime();
                r.resource().close();
                report.note(String.format(java.util.Locale.ROOT, "closed %s in %.0f ms", r.name(), (System.nanoTime() - t0) / 1e6));
            }
        } finally {
            report.finish();
        }
    }

    /** A user registered on {@code tower} (a fresh label gives a fresh key, hence a fresh subscription). */
    private static TowerUser registered(Tower tower, String label) {
        TowerUser u = new TowerUser(tower.apiPort(), label);
        u.register().assertOk();
        return u;
    }

    private TowerUser anyone() {
        return new TowerUser(main.apiPort(), "anyone");
    }

    private void expect(String what, TowerUser.Reply r, int status, ErrorCode code) {
        r.assertError(status, code);
        report.note(String.format(java.util.Locale.ROOT, "%-36s -> %d %s (%d): %s", what, status, code, code.code(),
                r.json().path("error").asText()));
    }

    // ------------------------------------------------------------------ request shape (1-6)

    @Test
    void missingField1() {
        expect("register {}", anyone().post("/register", "{}"), 400, ErrorCode.MISSING_FIELD);
    }

    @Test
    void emptyField2() {
        expect("register with user_id \"\"", anyone().post("/register", "{\"user_id\": \"\"}"), 400, ErrorCode.EMPTY_FIELD);
    }

    @Test
    void wrongFieldType3() {
        expect("register with user_id 5", anyone().post("/register", "{\"user_id\": 5}"), 400, ErrorCode.WRONG_FIELD_TYPE);
    }

    @Test
    void wrongFieldSize4() {
        expect("register with a 2-byte user_id", anyone().post("/register", "{\"user_id\": \"0011\"}"), 400, ErrorCode.WRONG_FIELD_SIZE);
    }

    @Test
    void wrongFieldFormat5() {
        expect("register with user_id \"zz\"", anyone().post("/register", "{\"user_id\": \"zz\"}"), 400, ErrorCode.WRONG_FIELD_FORMAT);
    }

    @Test
    void invalidRequestFormat6() {
        expect("register with malformed JSON", anyone().post("/register", "{\"user_id\": "), 400, ErrorCode.INVALID_REQUEST_FORMAT);
    }

    // ------------------------------------------------------------------ 7: signature or subscription

    @Test
    void unknownUser7() {
        TowerUser stranger = new TowerUser(main.apiPort(), "never-registered");
        expect("add_appointment by an unknown user", stranger.add(states.get(0).appointment()), 401,
                ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR);
    }

    @Test
    void notEnoughSlots7() {
        TowerUser u = registered(oneSlot, "one-slot/poor");
        u.addAccepted(states.get(0).appointment()); // takes the only slot
        expect("add_appointment with no slot left", u.add(states.get(1).appointment()), 401,
                ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR);
    }

    @Test
    void expiredSubscription7() {
        TowerUser u = registered(oneSlot, "one-slot/late");
        long expiry = u.subscriptionInfo().json().path("subscription_expiry").asLong();
        devnet.mine(1); // a subscription of 1 block ends at the next block
        ScenarioTower.awaitSynced(oneSlot, devnet);
        assertEquals(expiry, oneSlot.tipHeight(), "the tip reached the expiry");
        TowerUser.Reply r = u.add(states.get(0).appointment());
        expect("add_appointment after the expiry", r, 401, ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR);
        assertEquals("Your subscription expired at " + expiry, r.json().path("error").asText());
    }

    // ------------------------------------------------------------------ 32: no node

    @Test
    void serviceUnavailable32() {
        // The tower refuses everything until its first walk of the chain succeeds, which never
        // happens: nothing listens at its bitcoind address.
        expect("register while bitcoind is unreachable", new TowerUser(nodeless.apiPort(), "anyone").register(), 503,
                ErrorCode.SERVICE_UNAVAILABLE);
    }

    // ------------------------------------------------------------------ appointments (33-36)

    @Test
    void appointmentFieldTooSmall33() {
        TowerUser u = registered(main, "main/small");
        Bytes blob = Bytes.of(new byte[TeosJson.MIN_ENCRYPTED_BLOB_BYTES - 1]); // cannot hold a 65-byte tx + the tag
        expect("add_appointment with an 80-byte blob", u.add(new Appointment(states.get(0).locator(), blob, DevnetChannel.TO_SELF_DELAY)),
                400, ErrorCode.APPOINTMENT_FIELD_TOO_SMALL);
    }

    @Test
    void appointmentFieldTooBig34() {
        TowerUser u = registered(main, "main/big");
        Bytes blob = Bytes.of(new byte[MAX_BLOB + 1]);
        expect("add_appointment with a 1,025-byte blob", u.add(new Appointment(states.get(0).locator(), blob, DevnetChannel.TO_SELF_DELAY)),
                400, ErrorCode.APPOINTMENT_FIELD_TOO_BIG);
    }

    @Test
    void appointmentAlreadyTriggered35() {
        TowerUser u = registered(main, "main/breached");
        RevokedState breach = states.get(1);
        u.addAccepted(breach.appointment());
        BreachScenariosIT.mineExactly(devnet, List.of(breach.commitment()));
        ScenarioTower.awaitSynced(main, devnet);
        Await.until("the breach to be answered", () -> BreachScenariosIT.inMempool(devnet, breach.justiceTx().txid));
        BreachScenariosIT.assertDisputeResponded(u, breach);
        expect("add_appointment again after its breach", u.add(breach.appointment()), 400, ErrorCode.APPOINTMENT_ALREADY_TRIGGERED);
    }

    @Test
    void appointmentNotFound36() {
        TowerUser u = registered(main, "main/curious");
        Locator unknown = Locator.fromHex("00112233445566778899aabbccddeeff");
        expect("get_appointment of an unknown locator", u.get(unknown), 404, ErrorCode.APPOINTMENT_NOT_FOUND);
    }

    // ------------------------------------------------------------------ 65: registration

    @Test
    void registrationResourceExhausted65() {
        TowerUser u = registered(bottomless, "bottomless/greedy"); // 4,294,967,295 slots: the u32 maximum
        expect("register again (slots would overflow u32)", u.register(), 400, ErrorCode.REGISTRATION_RESOURCE_EXHAUSTED);
    }

    // ------------------------------------------------------------------ HTTP itself

    @Test
    void anOversizedBodyIs413() {
        String body = "{\"user_id\": \"" + "0".repeat(2_000) + "\"}"; // /register takes at most 1,024 bytes
        expect("register with a 2,015-byte body (413)", anyone().post("/register", body), 413, ErrorCode.INVALID_REQUEST_FORMAT);
    }

    @Test
    void anUnknownRouteIs404() {
        TowerUser.Reply r = anyone().post("/delete_appointment", "{}");
        assertEquals(404, r.status(), r.body());
        report.note("POST /delete_appointment                -> 404");
    }

    @Test
    void pingIs200() {
        TowerUser.Reply r = anyone().getRequest("/ping");
        assertEquals(200, r.status(), r.body());
        assertEquals("", r.body());
        report.note("GET /ping                               -> 200, empty body");
    }
}
