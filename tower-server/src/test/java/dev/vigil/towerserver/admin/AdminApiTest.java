package dev.vigil.towerserver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health} and {@code /ready} as a load balancer or a supervisor reads them. */
class AdminApiTest {
    private final AtomicReference<Readiness> state = new AtomicReference<>(new Readiness(true, true, 120, 120));
    private Vertx vertx;
    private AdminApi admin;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        admin = new AdminApi(new AdminApi.Settings("127.0.0.1", 0), state::get);
        vertx.deployVerticle(admin).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void healthSaysAliveWhateverTheTowerState() throws Exception {
        state.set(new Readiness(false, false, 0, 0));
        assertEquals("200 {\"status\":\"alive\"}", get("/health"));
    }

    @Test
    void readyIs200OnlyWithTheStoreOpenTheNodeReachableAndTheChainFollowed() throws Exception {
        assertEquals("200 {\"ready\":true,\"store_open\":true,\"bitcoind_reachable\":true,\"synced\":true,"
                + "\"tip_height\":120,\"node_height\":120}", get("/ready"));
        state.set(new Readiness(true, true, 100, 120)); // catching up
        assertEquals("503 {\"ready\":false,\"store_open\":true,\"bitcoind_reachable\":true,\"synced\":false,"
                + "\"tip_height\":100,\"node_height\":120}", get("/ready"));
        state.set(new Readiness(true, false, 120, 120)); // the node went away
        assertEquals("503 {\"ready\":false,\"store_open\":true,\"bitcoind_reachable\":false,\"synced\":false,"
                + "\"tip_height\":120,\"node_height\":120}", get("/ready"));
        state.set(new Readiness(false, true, 120, 120)); // the store stopped
        assertEquals("503 {\"ready\":false,\"store_open\":false,\"bitcoind_reachable\":true,\"synced\":true,"
                + "\"tip_height\":120,\"node_height\":120}", get("/ready"));
    }

    @Test
    void nothingElseIsServed() throws Exception {
        assertEquals(404, status("/unknown"));
        assertEquals(404, status("/register"));
    }

    /** {@code <status> <body>}. */
    private String get(String path) throws IOException {
        HttpURLConnection c = open(path);
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return code + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int status(String path) throws IOException {
        return open(path).getResponseCode();
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + admin.actualPort() + path).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        return c;
    }
}
