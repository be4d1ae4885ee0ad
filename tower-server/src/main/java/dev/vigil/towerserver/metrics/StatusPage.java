package dev.vigil.towerserver.metrics;

import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.watcher.TowerCensus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The operator's status page on the admin listener: {@code GET /} and {@code /status} serve one
 * self-contained HTML page (no external scripts, styles or fonts: a tower may have no internet),
 * which polls {@code GET /status.json} every two seconds. Unauthenticated, like {@code /metrics}.
 *
 * <p>{@code /status.json} never blocks the event loop: the chain's state and the recent blocks and
 * breaches are values other threads published; the counts the tower thread owns are taken on it
 * ({@link CensusSampler#fresh()}) and the answer is sent when that count completes.
 */
public final class StatusPage {
    private static final String PAGE = "status.html";

    private final TowerMetrics metrics;
    private final Buffer page;

    public StatusPage(TowerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.page = Buffer.buffer(load());
    }

    private static byte[] load() {
        try (InputStream in = StatusPage.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the status page " + PAGE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the routes to the admin listener's router. */
    public void mount(Router router) {
        router.get("/").handler(this::page);
        router.get("/status").handler(this::page);
        router.get("/status.json").handler(ctx -> Future.fromCompletionStage(metrics.census().fresh(), ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                                .end(json(ar.result()).encode());
                    } else {
                        ctx.fail(ar.cause());
                    }
                }));
    }

    private void page(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store").end(page);
    }

    /** The page's data: published values, and {@code census} taken on the tower thread. */
    JsonObject json(TowerCensus census) {
        TowerMetrics.Readings r = metrics.readings();
        JsonObject justice = new JsonObject();
        for (TrackerState s : TrackerState.values()) {
            justice.put(s.label(), census.trackers().get(s));
        }
        JsonArray breaches = new JsonArray();
        metrics.recentBreaches().forEach(e -> breaches.add(new JsonObject().put("height", e.height())
                .put("dispute_txid", e.disputeTxid()).put("justice_txid", e.justiceTxid()).put("state", e.state())
                .put("seen_ms", e.seenMillis()).put("changed_ms", e.changedMillis())));
        JsonArray blocks = new JsonArray();
        metrics.recentBlocks().forEach(p -> blocks.add(new JsonArray().add(p.height()).add(p.millis())));
        return new JsonObject()
                .put("tip_height", r.tip().getAsLong())
                .put("node_height", r.nodeBest().getAsLong())
                .put("lag_blocks", r.lag())
                .put("bitcoind_reachable", r.bitcoindReachable().getAsBoolean())
                .put("zmq_delivering", r.zmqDelivering().getAsBoolean())
                .put("users", census.users())
                .put("appointments", census.appointments())
                .put("breaches_seen", metrics.breachesSeen())
                .put("justice", justice)
                .put("outbox", census.outbox())
                .put("recent_breaches", breaches)
                .put("block_latency_ms", blocks);
    }
}
