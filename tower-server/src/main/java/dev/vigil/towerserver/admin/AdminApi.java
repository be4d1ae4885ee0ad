package dev.vigil.towerserver.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The admin listener's routes. {@code GET /health}: 200 {@code {"status":"alive"}} while the process
 * serves HTTP at all (systemd's watchdog, a load balancer's liveness probe). {@code GET /ready}: 200
 * when {@link Readiness#ready()}, else 503, with the same JSON body saying which part is missing
 * (a readiness probe: send no traffic to a tower whose store stopped, whose node is unreachable, or
 * that is still catching up). Runs on an event loop and never blocks it.
 */
public final class AdminApi extends VerticleBase {
    /** Where the listener binds; {@code port} 0 picks a free port (see {@link #actualPort()}). */
    public record Settings(String bind, int port) {
        public Settings {
            Objects.requireNonNull(bind, "bind");
        }
    }

    private final Settings settings;
    private final Readiness.Source source;
    private final List<Consumer<Router>> routes;
    private HttpServer server;

    public AdminApi(Settings settings, Readiness.Source source) {
        this(settings, source, List.of());
    }

    /** @param routes mount further routes (metrics, status page) on the listener's router, in order, at start */
    public AdminApi(Settings settings, Readiness.Source source, List<Consumer<Router>> routes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.source = Objects.requireNonNull(source, "source");
        this.routes = List.copyOf(routes);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end("{\"status\":\"alive\"}"));
        router.get("/ready").handler(ctx -> {
            Readiness r = source.readiness();
            ctx.response().setStatusCode(r.ready() ? 200 : 503).putHeader("content-type", "application/json").end(r.json());
        });
        routes.forEach(mount -> mount.accept(router));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.bind()).setPort(settings.port())
                .setHttp2ClearTextEnabled(false));
        return server.requestHandler(router).listen();
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
