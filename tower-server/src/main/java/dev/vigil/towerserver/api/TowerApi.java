package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.monitor.MonitorJson;
import dev.vigil.towerprotocol.wire.Parsed;
import dev.vigil.towerprotocol.wire.TeosJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The teos-compatible HTTP API (reference/peer-towers.md §2.2): {@code POST /register},
 * {@code /add_appointment}, {@code /get_appointment}, {@code /get_subscription_info} and
 * {@code GET /ping}. Parses with {@link TeosJson}, asks the {@link TowerService}, answers with
 * {@link Outcomes}. Runs on event loops and never blocks them.
 *
 * <p>Each route has its own body limit (teos: 87, 2048, 178 and 127 bytes; Vigil's are roomier for
 * whitespace and sized to the configured maximum blob), enforced by Vert.x before the body is
 * buffered in full; a larger body is answered 413.
 */
public final class TowerApi extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(TowerApi.class.getName());

    /** Where and how the API listens. {@code port} 0 picks a free port (see {@link #actualPort()}). */
    public record Settings(String bind, int port, int maxBlobBytes) {
        public Settings {
            Objects.requireNonNull(bind, "bind");
        }

        long addAppointmentLimit() {
            // Hex doubles the blob; the rest of the request (locator, delay, signature, keys) is < 400 bytes.
            return 2L * maxBlobBytes + 1024;
        }
    }

    private static final long SMALL_LIMIT = 1024;
    /** The routes this API serves: what {@link RequestObserver} is told (anything else is {@code "other"}). */
    public static final Set<String> ROUTES = Set.of("/register", "/add_appointment", "/get_appointment",
            "/get_subscription_info", "/ping");

    private final Settings settings;
    private final TowerService service;
    private final TeosJson json;
    private final RequestObserver requests;
    private final Optional<MonitorApi> monitor;
    private HttpServer server;

    public TowerApi(Settings settings, TowerService service, TeosJson json) {
        this(settings, service, json, RequestObserver.NONE);
    }

    /** @param requests told every answered request (its contract: {@link RequestObserver}) */
    public TowerApi(Settings settings, TowerService service, TeosJson json, RequestObserver requests) {
        this(settings, service, json, requests, Optional.empty());
    }

    /**
     * @param monitor the channel-monitoring routes, when {@code monitor.enabled}; without them their
     *     paths are unknown (404), as any other
     */
    public TowerApi(Settings settings, TowerService service, TeosJson json, RequestObserver requests, Optional<MonitorApi> monitor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.service = Objects.requireNonNull(service, "service");
        this.json = Objects.requireNonNull(json, "json");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // First, so that every answer is seen, the router's own 404/405/413 included.
        router.route().handler(ctx -> {
            long start = System.nanoTime();
            String path = ctx.normalizedPath();
            String route = ROUTES.contains(path) || monitor.isPresent() && MonitorApi.ROUTES.contains(path) ? path : "other";
            ctx.addEndHandler(v -> requests.answered(route, ctx.response().getStatusCode(), System.nanoTime() - start));
            ctx.next();
        });
        router.post("/register").handler(BodyHandler.create(false).setBodyLimit(SMALL_LIMIT))
                .handler(ctx -> handle(vertx, ctx, json::parseRegisterRequest, r -> service.register(r.userId()), o -> Reply.of(Outcomes.of(o))));
        router.post("/add_appointment").handler(BodyHandler.create(false).setBodyLimit(settings.addAppointmentLimit()))
                .handler(ctx -> handle(vertx, ctx, json::parseAddAppointmentRequest, service::addAppointment, o -> Reply.of(Outcomes.of(o))));
        router.post("/get_appointment").handler(BodyHandler.create(false).setBodyLimit(SMALL_LIMIT))
                .handler(ctx -> handle(vertx, ctx, json::parseGetAppointmentRequest, service::getAppointment, o -> Reply.of(Outcomes.of(o))));
        router.post("/get_subscription_info").handler(BodyHandler.create(false).setBodyLimit(SMALL_LIMIT))
                .handler(ctx -> handle(vertx, ctx, json::parseGetSubscriptionInfoRequest, service::getSubscriptionInfo, o -> Reply.of(Outcomes.of(o))));
        router.get("/ping").handler(ctx -> ctx.response().setStatusCode(200).end());
        monitor.ifPresent(m -> m.mount(vertx, router));
        router.errorHandler(413, ctx -> {
            logClientMistake(ctx);
            send(ctx, Outcomes.payloadTooLarge(limitFor(ctx.request().path())));
        });
        // A client's mistake while sending its body is the client's problem: a DEBUG one-liner, never
        // a stack trace above it. Vert.x's body handler fails the request with 400 for a decoding error,
        // 417 for a bad Expect header, and with status 200 (sic) for any other error of the request's
        // stream, such as a malformed chunk size; without a handler for the status, the router logs
        // each as an ERROR with its stack trace. These handlers only log: they do not end the response,
        // so the router still sends its default answer for the status. 404 and 405 log nothing.
        Handler<RoutingContext> clientMistake = TowerApi::logClientMistake;
        router.errorHandler(200, clientMistake).errorHandler(400, clientMistake).errorHandler(417, clientMistake);
        router.errorHandler(500, ctx -> {
            LOG.log(Level.ERROR, "unhandled failure on " + ctx.request().path(), ctx.failure());
            send(ctx, Outcomes.unexpected());
        });
        // HTTP/1.1 only: the teos API needs nothing of HTTP/2, and an accepted h2c upgrade (which
        // java.net.http's client asks for on every bodiless request) would bring the whole HTTP/2
        // codec onto the event loop.
        server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.bind()).setPort(settings.port())
                .setHttp2ClearTextEnabled(false));
        return server.requestHandler(router).listen();
    }

    /**
     * {@code bad request from 127.0.0.1 on POST /register: 400 NumberFormatException: Invalid character
     * in chunk size}, at DEBUG, on one line of bounded length whatever the client sent.
     */
    private static void logClientMistake(RoutingContext ctx) {
        if (!LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        Throwable f = ctx.failure();
        String why = f == null ? "" : " " + f.getClass().getSimpleName() + (f.getMessage() == null ? "" : ": " + f.getMessage());
        String from = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        String line = "bad request from " + from + " on " + ctx.request().method() + " " + String.valueOf(ctx.request().path()) + ": " + ctx.statusCode() + why;
        line = line.replaceAll("[\\p{Cntrl}]", " ");
        LOG.log(Level.DEBUG, line.length() > 240 ? line.substring(0, 240) + "…" : line);
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private long limitFor(String path) {
        if ("/add_appointment".equals(path)) {
            return settings.addAppointmentLimit();
        }
        return path != null && path.startsWith("/monitor/") ? MonitorJson.MAX_REQUEST_BYTES : SMALL_LIMIT;
    }

    /**
     * One exchange: parse the body (a mistake is answered with its teos error at once), ask the
     * service, answer with what {@code answer} makes of its outcome, back on this request's context.
     * A service that throws or fails is a bug or an I/O failure: logged, and answered as
     * {@code UNEXPECTED_ERROR}.
     */
    static <Q, O> void handle(Vertx vertx, RoutingContext ctx, Function<byte[], Parsed<Q>> parse,
            Function<Q, CompletionStage<O>> call, Function<O, Reply> answer) {
        Parsed<Q> parsed = parse.apply(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        if (parsed instanceof Parsed.Invalid<Q> invalid) {
            send(ctx, Reply.of(Outcomes.error(invalid.error())));
            return;
        }
        Context context = vertx.getOrCreateContext();
        CompletionStage<O> stage;
        try {
            stage = call.apply(((Parsed.Ok<Q>) parsed).value());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "tower service failed on " + ctx.request().path(), e);
            send(ctx, Reply.of(Outcomes.unexpected()));
            return;
        }
        Future.fromCompletionStage(stage, context).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, answer.apply(ar.result()));
            } else {
                LOG.log(Level.ERROR, "tower service failed on " + ctx.request().path(), ar.cause());
                send(ctx, Reply.of(Outcomes.unexpected()));
            }
        });
    }

    private static void send(RoutingContext ctx, Outcomes.Answer a) {
        send(ctx, Reply.of(a));
    }

    static void send(RoutingContext ctx, Reply a) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(a.status()).putHeader("content-type", "application/json").end(Buffer.buffer(a.body().toArray()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
