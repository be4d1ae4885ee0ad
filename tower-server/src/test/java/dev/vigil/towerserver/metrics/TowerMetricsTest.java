package dev.vigil.towerserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.admin.AdminApi;
import dev.vigil.towerserver.admin.Readiness;
import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.tower.TowerThread;
import dev.vigil.towerserver.watcher.TowerCensus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's series as Prometheus reads them, and the admin listener's {@code /metrics} and
 * status routes over real HTTP, fed by fakes of what the components publish.
 */
class TowerMetricsTest {
    private final AtomicLong tip = new AtomicLong(100);
    private final AtomicLong nodeBest = new AtomicLong(103);
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicBoolean zmq = new AtomicBoolean(true);
    private final AtomicReference<TowerCensus> state = new AtomicReference<>(
            new TowerCensus(2, 7, Map.of(TrackerState.UNSENT, 1, TrackerState.CONFIRMED, 3)));
    private TowerThread tower;
    private TowerMetrics metrics;
    private Vertx vertx;
    private AdminApi admin;

    @BeforeEach
    void start() throws Exception {
        tower = TowerThread.start("test-tower");
        metrics = new TowerMetrics();
        metrics.bind(new TowerMetrics.Readings(tip::get, nodeBest::get, reachable::get, zmq::get), tower, () -> {
            tower.checkOwner("the census");
            return state.get();
        });
        vertx = Vertx.vertx();
        admin = new AdminApi(new AdminApi.Settings("127.0.0.1", 0), () -> new Readiness(true, true, 1, 1),
                List.of(new MetricsEndpoint(metrics)::mount, new StatusPage(metrics)::mount));
        vertx.deployVerticle(admin).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        metrics.close();
        tower.close();
    }

    @Test
    void theGaugesReadWhatIsPublishedAndTheCensusTakenOnTheTowerThread() throws Exception {
        String before = scrape();
        assertEquals(100, value(before, "vigil_chain_tip_height"));
        assertEquals(3, value(before, "vigil_chain_lag_blocks"));
        assertEquals(1, value(before, "vigil_bitcoind_up"));
        assertEquals(1, value(before, "vigil_zmq_delivering"));
        assertEquals(0, value(before, "vigil_users_registered"), "no census before start()");

        metrics.start();
        Await.until("the first census", () -> value(scrape(), "vigil_users_registered") == 2);
        String s = scrape();
        assertEquals(7, value(s, "vigil_appointments_watched"));
        assertEquals(1, value(s, "vigil_justice_transactions{state=\"unsent\"}"));
        assertEquals(3, value(s, "vigil_justice_transactions{state=\"confirmed\"}"));
        assertEquals(0, value(s, "vigil_justice_transactions{state=\"in_mempool\"}"));
        assertEquals(0, value(s, "vigil_justice_transactions{state=\"spent_elsewhere\"}"));
        assertEquals(1, value(s, "vigil_responder_outbox_transactions"));

        tip.set(103);
        reachable.set(false);
        zmq.set(false);
        state.set(new TowerCensus(3, 6, Map.of()));
        s = scrape();
        assertEquals(103, value(s, "vigil_chain_tip_height"));
        assertEquals(0, value(s, "vigil_chain_lag_blocks"));
        assertEquals(0, value(s, "vigil_bitcoind_up"));
        assertEquals(0, value(s, "vigil_zmq_delivering"));
        Await.until("the next census", () -> value(scrape(), "vigil_users_registered") == 3);
    }

    @Test
    void theObserversFeedTheHistogramsCountersAndRequestSeries() throws Exception {
        metrics.blocks().blockProcessed(101, 2_000, 0, 3_000_000); // 3 ms
        metrics.blocks().blockProcessed(102, 2_000, 1, 40_000_000); // 40 ms
        metrics.commits().committed(2_000_000, 5);
        metrics.trackers().changed(Optional.empty(), Optional.of(RecentBreachesTest.breach(1, 102)));
        metrics.requests().answered("/register", 200, 1_000_000);
        metrics.requests().answered("/register", 200, 1_000_000);
        metrics.requests().answered("other", 404, 1_000_000);
        String s = scrape();
        assertEquals(2, value(s, "vigil_block_processing_seconds_count"));
        assertEquals(0, value(s, "vigil_block_processing_seconds_bucket{le=\"0.001\"}"));
        assertEquals(1, value(s, "vigil_block_processing_seconds_bucket{le=\"0.005\"}"));
        assertEquals(2, value(s, "vigil_block_processing_seconds_bucket{le=\"0.05\"}"));
        assertEquals(2, value(s, "vigil_block_processing_seconds_bucket{le=\"10.0\"}"));
        assertEquals(2, value(s, "vigil_block_processing_seconds_bucket{le=\"+Inf\"}"));
        assertEquals(0.043, value(s, "vigil_block_processing_seconds_sum"), 1e-9);
        assertEquals(1, value(s, "vigil_store_commit_seconds_count"));
        assertEquals(1, value(s, "vigil_store_commit_seconds_bucket{le=\"0.0025\"}"));
        assertEquals(1, value(s, "vigil_breaches_total"));
        assertEquals(2, value(s, "vigil_http_requests_seconds_count{route=\"/register\",status=\"200\"}"));
        assertEquals(1, value(s, "vigil_http_requests_seconds_count{route=\"other\",status=\"404\"}"));
    }

    @Test
    void theJvmAndProcessSeriesAreThere() throws Exception {
        String s = scrape();
        for (String name : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_uptime_seconds",
                "process_files_open_files", "process_cpu_usage", "jvm_classes_loaded_classes")) {
            assertTrue(s.contains("\n" + name), name + " in\n" + s);
        }
    }

    @Test
    void metricsIsPrometheusTextFormatAndEveryVigilSeriesIsDocumented() throws Exception {
        HttpURLConnection c = open("/metrics");
        assertEquals(200, c.getResponseCode());
        assertEquals(MetricsEndpoint.CONTENT_TYPE, c.getHeaderField("content-type"));
        String body = read(c);
        Matcher m = Pattern.compile("^# TYPE (vigil_\\w+) (\\w+)$", Pattern.MULTILINE).matcher(body);
        int types = 0;
        while (m.find()) {
            types++;
            assertTrue(body.contains("# HELP " + m.group(1) + " "), "HELP for " + m.group(1));
        }
        assertEquals(13, types, "the vigil series before any request:\n" + body);
    }

    @Test
    void theStatusPageAndItsDataAreServed() throws Exception {
        metrics.blocks().blockProcessed(101, 10, 0, 7_000_000);
        metrics.trackers().changed(Optional.empty(), Optional.of(RecentBreachesTest.breach(1, 101)));
        HttpURLConnection page = open("/");
        assertEquals(200, page.getResponseCode());
        assertEquals("text/html; charset=utf-8", page.getHeaderField("content-type"));
        String html = read(page);
        assertTrue(html.contains("id=\"tip-height\""), html);
        assertTrue(!Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|@import|url\\(", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "nothing loaded from elsewhere");
        assertEquals(html, read(open("/status")));

        HttpURLConnection data = open("/status.json");
        assertEquals(200, data.getResponseCode());
        JsonObject j = new JsonObject(read(data));
        assertEquals(100, j.getLong("tip_height"));
        assertEquals(103, j.getLong("node_height"));
        assertEquals(3, j.getLong("lag_blocks"));
        assertEquals(true, j.getBoolean("bitcoind_reachable"));
        assertEquals(2, j.getInteger("users"), "counted on the tower thread for this answer");
        assertEquals(7, j.getLong("appointments"));
        assertEquals(1, j.getLong("breaches_seen"));
        assertEquals(3, j.getJsonObject("justice").getInteger("confirmed"));
        assertEquals(1, j.getInteger("outbox"));
        assertEquals("unsent", j.getJsonArray("recent_breaches").getJsonObject(0).getString("state"));
        assertEquals(101, j.getJsonArray("recent_breaches").getJsonObject(0).getLong("height"));
        assertEquals(101, j.getJsonArray("block_latency_ms").getJsonArray(0).getInteger(0));
        assertEquals(7.0, j.getJsonArray("block_latency_ms").getJsonArray(0).getDouble(1), 1e-9);
    }

    /** The value of the sample whose name and labels are {@code series}. */
    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series + " in\n" + scrape);
    }

    private String scrape() {
        return metrics.scrape();
    }

    private static String read(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + admin.actualPort() + path).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        return c;
    }
}
