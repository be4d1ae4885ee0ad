package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real tower on the devnet, scraped over HTTP as Prometheus does: every
 * series of docs/metrics.md is there and moves with what the tower does (users, appointments, blocks,
 * requests, a breach and its justice transaction), and every series the shipped Grafana dashboard
 * and Prometheus alerts use exists in a real scrape.
 */
class MetricsIT {
    /** The distribution's monitoring files (vigil-app/src/dist/etc), from e2e's directory. */
    private static final Path ETC = Path.of("..", "vigil-app", "src", "dist", "etc");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The series docs/metrics.md lists, as sample names. */
    static final List<String> SERIES = List.of("vigil_chain_tip_height", "vigil_chain_lag_blocks", "vigil_bitcoind_up",
            "vigil_zmq_delivering", "vigil_users_registered", "vigil_appointments_watched", "vigil_breaches_total",
            "vigil_justice_transactions", "vigil_responder_outbox_transactions", "vigil_block_processing_seconds_bucket",
            "vigil_block_processing_seconds_count", "vigil_block_processing_seconds_sum", "vigil_store_commit_seconds_bucket",
            "vigil_store_commit_seconds_count", "vigil_http_requests_seconds_count", "jvm_memory_used_bytes",
            "jvm_threads_live_threads", "process_uptime_seconds", "process_files_open_files");

    @TempDir
    Path dir;

    @Test
    void everySeriesIsScrapedAndMovesWithTheTower() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            DevnetChannel channel = DevnetChannel.open(devnet, "metrics");
            List<RevokedState> states = List.of(channel.revokedState(0), channel.revokedState(1));
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                String metrics = "http://127.0.0.1:" + tower.adminPort() + "/metrics";
                HttpResponse<String> first = get(metrics);
                assertEquals(200, first.statusCode());
                assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("content-type").orElse(""));
                Scrape s = new Scrape(first.body());
                int height = BreachScenariosIT.height(devnet);
                assertEquals(height, s.value("vigil_chain_tip_height"));
                assertEquals(0, s.value("vigil_chain_lag_blocks"));
                assertEquals(1, s.value("vigil_bitcoind_up"));
                assertEquals(1, s.value("vigil_zmq_delivering"));
                assertEquals(0, s.value("vigil_breaches_total"));
                double blocksBefore = s.value("vigil_block_processing_seconds_count");
                double commitsBefore = s.value("vigil_store_commit_seconds_count");

                TowerUser user = new TowerUser(tower.apiPort(), "metrics");
                user.register().assertOk();
                states.forEach(st -> user.addAccepted(st.appointment()));
                assertEquals(400, user.post("/register", "{\"user_id\":\"not hex\"}").status());
                assertEquals(404, user.getRequest("/no/such/" + "path-" + System.nanoTime()).status());
                awaitValue(metrics, "vigil_users_registered", 1);
                awaitValue(metrics, "vigil_appointments_watched", 2);
                s = scrape(metrics);
                assertEquals(1, s.value("vigil_http_requests_seconds_count{route=\"/register\",status=\"200\"}"));
                assertEquals(1, s.value("vigil_http_requests_seconds_count{route=\"/register\",status=\"400\"}"));
                assertEquals(2, s.value("vigil_http_requests_seconds_count{route=\"/add_appointment\",status=\"200\"}"));
                assertEquals(1, s.value("vigil_http_requests_seconds_count{route=\"other\",status=\"404\"}"),
                        "the client's path is not a label");
                assertTrue(s.value("vigil_store_commit_seconds_count") >= commitsBefore + 3, "a register and two appointments");

                devnet.mine(1);
                awaitValue(metrics, "vigil_chain_tip_height", height + 1);
                assertTrue(scrape(metrics).value("vigil_block_processing_seconds_count") >= blocksBefore + 1);

                // The breach: the cheater's commitment for state 1 is mined; the justice is sent, then mined.
                RevokedState breach = states.get(1);
                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                devnet.mine(1);
                awaitValue(metrics, "vigil_breaches_total", 1);
                Await.until("the justice transaction in the devnet mempool",
                        () -> BreachScenariosIT.inMempool(devnet, breach.justiceTx().txid));
                awaitValue(metrics, "vigil_justice_transactions{state=\"in_mempool\"}", 1);
                s = scrape(metrics);
                assertEquals(1, s.value("vigil_responder_outbox_transactions"));
                assertEquals(1, s.value("vigil_appointments_watched"), "the breached appointment became a tracker");
                int justiceHeight = devnet.mine(1).get(0).height();
                assertEquals(justiceHeight, BreachScenariosIT.confirmedAt(devnet, breach.justiceTx().txid));
                awaitValue(metrics, "vigil_justice_transactions{state=\"confirmed\"}", 1);
                s = scrape(metrics);
                assertEquals(0, s.value("vigil_justice_transactions{state=\"in_mempool\"}"));
                assertEquals(0, s.value("vigil_responder_outbox_transactions"));
                assertEquals(justiceHeight, s.value("vigil_chain_tip_height"));
                assertTrue(s.value("vigil_block_processing_seconds_count") >= blocksBefore + 3);
                assertEquals(s.value("vigil_block_processing_seconds_count"),
                        s.value("vigil_block_processing_seconds_bucket{le=\"+Inf\"}"), "the histogram holds every block");

                for (String name : SERIES) {
                    assertTrue(s.has(name), name + " in\n" + s.text);
                }
                // The shipped dashboard and alerts cannot drift from what the tower exports.
                for (String name : namesUsedBy(ETC)) {
                    assertTrue(s.has(name), name + " (used by " + ETC + ") in a real scrape");
                }
            }
        }
    }

    /** The metric names in every {@code expr} of the dashboard and the alert rules (PromQL functions and labels left out). */
    static Set<String> namesUsedBy(Path etc) throws IOException {
        List<String> exprs = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(etc.resolve("grafana-dashboard.json")));
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        Matcher rule = Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE).matcher(Files.readString(etc.resolve("prometheus-alerts.yml")));
        while (rule.find()) {
            exprs.add(rule.group(1));
        }
        assertTrue(exprs.size() >= 10, "the files hold their expressions: " + exprs);
        Set<String> names = new LinkedHashSet<>();
        Pattern metric = Pattern.compile("\\b((?:vigil|jvm|process)_[a-z0-9_]+)\\b");
        for (String e : exprs) {
            Matcher m = metric.matcher(e);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.size() >= 10, "names found: " + names);
        return names;
    }

    private static void awaitValue(String url, String series, double expected) {
        Await.until(series + " = " + expected, () -> {
            Scrape s = scrape(url);
            return s.has(series) && s.value(series) == expected;
        });
    }

    static Scrape scrape(String url) {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), r.body());
        return new Scrape(r.body());
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One scrape in the text format: samples by name and labels. */
    record Scrape(String text) {
        /** Whether a sample of this metric name (any labels), or exactly this name and labels, is there. */
        boolean has(String series) {
            for (String line : text.split("\n")) {
                if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
                    return true;
                }
            }
            return false;
        }

        double value(String series) {
            for (String line : text.split("\n")) {
                if (line.startsWith(series + " ")) {
                    return Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
            throw new AssertionError("no sample " + series + " in\n" + text);
        }
    }
}
