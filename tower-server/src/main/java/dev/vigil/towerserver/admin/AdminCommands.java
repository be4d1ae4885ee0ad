package dev.vigil.towerserver.admin;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerserver.gatekeeper.UserRecord;
import dev.vigil.towerserver.responder.Tracker;
import dev.vigil.towerserver.responder.TrackerState;
import dev.vigil.towerserver.watcher.StoredAppointment;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The operator's commands on the admin listener (docs/admin.md), modelled on teos-cli: {@code POST
 * /admin/<command>} with a JSON object for the parameters (or no body), a JSON answer with teos's field
 * names where teos has them. Every request under {@code /admin/} needs {@code Authorization: Bearer
 * <token>}, compared in constant time; without it the answer is 401 and says nothing about the commands.
 * Runs on the listener's event loop and never blocks it: each command asks {@link AdminQueries}, which
 * answers through stages, and the answer is sent on the request's context once they complete.
 */
public final class AdminCommands {
    private static final System.Logger LOG = System.getLogger(AdminCommands.class.getName());
    /** {@code getallappointments}'s page size when none is asked for. */
    public static final int DEFAULT_PAGE = 100;
    /** The largest page {@code getallappointments} sends: an answer stays a few MB at most. */
    public static final int MAX_PAGE = 1_000;
    private static final int BODY_LIMIT = 16 * 1024;

    private final byte[] token;
    private final AdminQueries queries;
    private final Runnable stop;

    /**
     * @param token the bearer token ({@code <datadir>/admin.token})
     * @param stop  asks the tower to stop; run once the {@code stop} command's answer has been sent
     */
    public AdminCommands(String token, AdminQueries queries, Runnable stop) {
        this.token = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.US_ASCII);
        if (this.token.length == 0) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        this.queries = Objects.requireNonNull(queries, "queries");
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    /** Adds the {@code /admin/} routes to the admin listener's router. */
    public void mount(Router router) {
        router.route("/admin/*").handler(this::authorize);
        router.post("/admin/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        command(router, "gettowerinfo", (ctx, body) -> queries.towerInfo().thenApply(AdminCommands::towerInfo));
        command(router, "getusers", (ctx, body) -> queries.users().thenApply(users -> new JsonObject()
                .put("user_ids", new JsonArray(users.stream().map(UserId::toHex).toList()))));
        command(router, "getuser", (ctx, body) -> {
            UserId id = userId(body);
            return queries.user(id).thenApply(found -> found.map(AdminCommands::user).orElseThrow(() -> new Refusal(
                    AdminErrorCode.USER_NOT_FOUND, "no registered user " + id.toHex())));
        });
        command(router, "getappointments", (ctx, body) -> {
            Locator locator = locator(body);
            return queries.appointments(locator).thenApply(m -> new JsonObject()
                    .put("appointments", items(m.appointments(), m.trackers())));
        });
        command(router, "getallappointments", (ctx, body) -> {
            Optional<AdminQueries.Cursor> after = cursor(body);
            int limit = limit(body);
            return queries.allAppointments(after, limit).thenApply(page -> new JsonObject()
                    .put("appointments", items(page.appointments(), page.trackers()))
                    .put("next", page.next().map(AdminQueries.Cursor::encode).orElse(null)));
        });
        command(router, "gettrackers", (ctx, body) -> queries.trackers().thenApply(trackers -> new JsonObject()
                .put("trackers", new JsonArray(trackers.stream().map(AdminCommands::tracker).toList()))));
        command(router, "backup", (ctx, body) -> queries.backup(path(body)).thenApply(outcome -> {
            if (outcome instanceof AdminQueries.BackupOutcome.Refused r) {
                throw new Refusal(AdminErrorCode.BACKUP_REFUSED, r.reason());
            }
            AdminQueries.BackupOutcome.Written w = (AdminQueries.BackupOutcome.Written) outcome;
            return new JsonObject().put("path", w.path().toString()).put("bytes", w.bytes()).put("tip_height", w.tipHeight());
        }));
        router.post("/admin/stop").handler(ctx -> {
            LOG.log(Level.INFO, "the admin command stop was received: stopping the tower");
            ctx.response().putHeader("content-type", "application/json").end(new JsonObject().put("stopping", true).encode())
                    .onComplete(sent -> stop.run());
        });
        router.route("/admin/*").failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                error(ctx, AdminErrorCode.INVALID_REQUEST, "the body is over " + BODY_LIMIT + " bytes");
            } else {
                failed(ctx, ctx.normalizedPath(), ctx.failure() != null ? ctx.failure()
                        : new IllegalStateException("the request failed with status " + ctx.statusCode()));
            }
        });
        router.route("/admin/*").handler(ctx -> error(ctx, AdminErrorCode.UNKNOWN_COMMAND, "no admin command "
                + ctx.request().method() + " " + ctx.normalizedPath() + "; the commands are POST /admin/<command> (docs/admin.md)"));
    }

    /** A command: reads its parameters from {@code body} (a {@link Refusal} for bad ones) and answers through a stage. */
    @FunctionalInterface
    private interface Command {
        CompletionStage<JsonObject> run(RoutingContext ctx, JsonObject body);
    }

    private void command(Router router, String name, Command command) {
        router.post("/admin/" + name).handler(ctx -> {
            Context context = ctx.vertx().getOrCreateContext();
            CompletionStage<JsonObject> answer;
            try {
                answer = command.run(ctx, body(ctx));
            } catch (Refusal r) {
                error(ctx, r.code, r.getMessage());
                return;
            }
            Future.fromCompletionStage(answer, context).onComplete(done -> {
                if (done.succeeded()) {
                    ctx.response().putHeader("content-type", "application/json").end(done.result().encode());
                } else {
                    failed(ctx, name, done.cause());
                }
            });
        });
    }

    private void authorize(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.US_ASCII)
                : new byte[0];
        if (!MessageDigest.isEqual(token, given)) { // constant time for tokens of the right length
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            error(ctx, AdminErrorCode.UNAUTHORIZED, header == null
                    ? "the admin commands need Authorization: Bearer <the token in <datadir>/admin.token>"
                    : "wrong admin token: use the one in <datadir>/admin.token");
            return;
        }
        ctx.next();
    }

    private static void failed(RoutingContext ctx, String command, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Refusal r) {
            error(ctx, r.code, r.getMessage());
        } else if (cause instanceof AdminQueries.Unavailable) {
            error(ctx, AdminErrorCode.STORE_UNAVAILABLE, "the store is unavailable: " + cause.getMessage());
        } else {
            LOG.log(Level.WARNING, "the admin command " + command + " failed", cause);
            error(ctx, AdminErrorCode.INTERNAL_ERROR, command + " failed: " + cause);
        }
    }

    static void error(RoutingContext ctx, AdminErrorCode code, String message) {
        ctx.response().setStatusCode(code.httpStatus()).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).put("error_code", code.code()).encode());
    }

    // ------------------------------------------------------------------ parameters

    /** An expected refusal of a request: its code and what to tell the operator. */
    private static final class Refusal extends RuntimeException {
        final AdminErrorCode code;

        Refusal(AdminErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The request's JSON object; no body is an empty object. */
    private static JsonObject body(RoutingContext ctx) {
        Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0 || b.toString(StandardCharsets.UTF_8).isBlank()) {
            return new JsonObject();
        }
        try {
            Object parsed = Json.decodeValue(b);
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw new Refusal(AdminErrorCode.INVALID_REQUEST, "the body is not JSON: " + e.getMessage());
        }
        throw new Refusal(AdminErrorCode.INVALID_REQUEST, "the body is not a JSON object");
    }

    private static Optional<String> string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Refusal(AdminErrorCode.INVALID_REQUEST, field + " must be a JSON string");
        }
        return Optional.of(s);
    }

    private static String required(JsonObject body, String field) {
        return string(body, field).orElseThrow(() -> new Refusal(AdminErrorCode.INVALID_REQUEST, "missing " + field));
    }

    private static <T> T parse(JsonObject body, String field, String what, Function<String, T> parser) {
        String text = required(body, field);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new Refusal(AdminErrorCode.INVALID_FIELD, field + " is not " + what + ": " + e.getMessage());
        }
    }

    private static UserId userId(JsonObject body) {
        return parse(body, "user_id", "a user id (33-byte compressed public key, 66 hex digits)", UserId::fromHex);
    }

    private static Locator locator(JsonObject body) {
        return parse(body, "locator", "a locator (16 bytes, 32 hex digits)", Locator::fromHex);
    }

    private static Optional<AdminQueries.Cursor> cursor(JsonObject body) {
        return string(body, "after").map(text -> AdminQueries.Cursor.decode(text).orElseThrow(() -> new Refusal(
                AdminErrorCode.INVALID_FIELD, "after is not a cursor: pass the \"next\" of the page before")));
    }

    private static int limit(JsonObject body) {
        Object v = body.getValue("limit");
        if (v == null) {
            return DEFAULT_PAGE;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new Refusal(AdminErrorCode.INVALID_REQUEST, "limit must be a JSON integer");
        }
        long limit = ((Number) v).longValue();
        if (limit < 1 || limit > MAX_PAGE) {
            throw new Refusal(AdminErrorCode.INVALID_FIELD, "limit is 1 to " + MAX_PAGE + ", not " + limit);
        }
        return (int) limit;
    }

    private static Path path(JsonObject body) {
        String text = required(body, "path");
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new Refusal(AdminErrorCode.INVALID_FIELD, "path is not a path: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            throw new Refusal(AdminErrorCode.INVALID_FIELD, "path must be absolute (the tower's working directory is"
                    + " not yours): " + text);
        }
        return p;
    }

    // ------------------------------------------------------------------ answers

    private static JsonObject towerInfo(AdminQueries.TowerInfo i) {
        return new JsonObject().put("tower_id", i.towerId().toHex()).put("n_registered_users", i.registeredUsers())
                .put("n_watcher_appointments", i.watcherAppointments()).put("n_responder_trackers", i.responderTrackers())
                .put("bitcoind_reachable", i.bitcoindReachable()).put("network", i.network())
                .put("tip_height", i.tipHeight()).put("node_height", i.nodeHeight());
    }

    private static JsonObject user(AdminQueries.UserDetails d) {
        UserRecord u = d.user();
        return new JsonObject().put("user_id", u.id().toHex()).put("available_slots", u.availableSlots())
                .put("subscription_start", u.subscriptionStart()).put("subscription_expiry", u.subscriptionExpiry())
                .put("appointments", new JsonArray(d.appointments().stream().map(Locator::toHex).toList()))
                .put("trackers", new JsonArray(d.trackers().stream().map(Locator::toHex).toList()));
    }

    /** teos's {@code AppointmentData} list: each an appointment (being watched) or a tracker (dispute responded). */
    private static JsonArray items(List<StoredAppointment> appointments, List<Tracker> trackers) {
        JsonArray out = new JsonArray();
        for (StoredAppointment a : appointments) {
            out.add(new JsonObject().put("status", "being_watched").put("user_id", a.user().toHex())
                    .put("start_block", a.startBlock()).put("appointment", new JsonObject()
                            .put("locator", a.appointment().locator().toHex())
                            .put("encrypted_blob", a.appointment().encryptedBlob().toHex())
                            .put("to_self_delay", a.appointment().toSelfDelay())));
        }
        for (Tracker t : trackers) {
            out.add(new JsonObject().put("status", "dispute_responded").put("user_id", t.user().toHex()).put("tracker", tracker(t)));
        }
        return out;
    }

    private static JsonObject tracker(Tracker t) {
        JsonObject j = new JsonObject().put("locator", t.locator().toHex()).put("user_id", t.user().toHex())
                .put("dispute_txid", t.disputeTxid().toDisplayHex()).put("penalty_txid", t.penaltyTxid().toDisplayHex())
                .put("penalty_rawtx", t.penaltyTx().toHex())
                .put("dispute_height", t.disputeConfirmed() ? t.disputeHeight() : null);
        Tracker.Status status = t.status();
        j.put("state", TrackerState.of(status).label()); // the metrics' and the status page's names
        if (status instanceof Tracker.Status.Unsent s) {
            j.put("since_height", s.sinceHeight()).put("last_answer", s.lastAnswer());
        } else if (status instanceof Tracker.Status.InMempool s) {
            j.put("since_height", s.sinceHeight()).put("last_sent_height", s.lastSentHeight());
        } else if (status instanceof Tracker.Status.Confirmed s) {
            j.put("penalty_height", s.height());
        } else if (status instanceof Tracker.Status.SpentElsewhere s) {
            j.put("since_height", s.sinceHeight());
        }
        return j;
    }
}
