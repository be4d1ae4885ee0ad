package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.MonitorJson;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The channel-monitoring routes (docs/monitoring.md 5.2), mounted on {@link TowerApi}'s router when
 * {@code monitor.enabled}: {@code GET /monitor/info}, {@code POST /monitor/events}, {@code /monitor/watch/add} and
 * {@code /monitor/watch/remove}. Parses with
 * tower-protocol's {@link MonitorJson}, asks the {@link EventService}, answers with
 * {@link MonitorOutcomes}. Runs on event loops and never blocks them. Every body is at most
 * {@link MonitorJson#MAX_REQUEST_BYTES} (4 KiB); a larger one is answered 413 by the router.
 */
public final class MonitorApi {
    /** The routes served here, as {@link RequestObserver} names them. */
    public static final Set<String> ROUTES = Set.of("/monitor/info", "/monitor/events", "/monitor/watch/add", "/monitor/watch/remove");

    private final EventService events;

    public MonitorApi(EventService events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Adds the routes to {@code router} (called once, by {@link TowerApi#start}, on its context). */
    void mount(Vertx vertx, Router router) {
        router.get("/monitor/info").handler(ctx ->
                TowerApi.send(ctx, new Reply(200, Bytes.of(MonitorJson.toJson(events.info()).getBytes(StandardCharsets.UTF_8)))));
        router.post("/monitor/events").handler(BodyHandler.create(false).setBodyLimit(MonitorJson.MAX_REQUEST_BYTES))
                .handler(ctx -> TowerApi.handle(vertx, ctx, MonitorJson::parseEventsRequest, events::events, MonitorOutcomes::of));
        router.post("/monitor/watch/add").handler(BodyHandler.create(false).setBodyLimit(MonitorJson.MAX_REQUEST_BYTES))
                .handler(ctx -> TowerApi.handle(vertx, ctx, MonitorJson::parseWatchAddRequest, events::watchAdd, MonitorOutcomes::of));
        router.post("/monitor/watch/remove").handler(BodyHandler.create(false).setBodyLimit(MonitorJson.MAX_REQUEST_BYTES))
                .handler(ctx -> TowerApi.handle(vertx, ctx, MonitorJson::parseWatchRemoveRequest, events::watchRemove, MonitorOutcomes::of));
    }
}
