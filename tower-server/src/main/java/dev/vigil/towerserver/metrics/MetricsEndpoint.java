package dev.vigil.towerserver.metrics;

import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * {@code GET /metrics}: the {@link TowerMetrics} in Prometheus' text format, unauthenticated (the admin
 * listener is loopback by default; docs/metrics.md). The scrape reads published values only; it
 * still runs on a worker thread, not the event loop, since the JVM binders' gauges (thread states,
 * file descriptors) ask the JVM and the OS.
 */
public final class MetricsEndpoint {
    /** The content type of the text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TowerMetrics metrics;

    public MetricsEndpoint(TowerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Adds the route to the admin listener's router. */
    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", CONTENT_TYPE).end(ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        }));
    }
}
