package dev.vigil.devnet.rpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * bitcoind's HTTP JSON-RPC endpoint ({@code httprpc.cpp}, {@code doc/JSON-RPC-interface.md}) on 127.0.0.1:
 * POST only; HTTP Basic auth, 401 with an empty body (after 250 ms for wrong credentials, as bitcoind
 * sleeps); legacy 1.0/1.1 replies {@code {"result","error","id"}} with HTTP 500 on errors (400 for invalid
 * requests, 404 for unknown methods); JSON-RPC 2.0 replies with HTTP 200; batches as arrays.
 *
 * <p>The event loop only parses and routes: every method runs on the chain thread through {@link NodeAccess}.
 */
public final class RpcServerVerticle extends VerticleBase {
    private static final String WWW_AUTHENTICATE = "Basic realm=\"jsonrpc\"";
    private static final long BAD_AUTH_DELAY_MS = 250;

    private final int port;
    private final RpcAuth auth;
    private final RpcMethods methods;
    private final NodeAccess access;
    private final RpcFaults faults;
    private HttpServer server;

    public RpcServerVerticle(int port, RpcAuth auth, RpcMethods methods, NodeAccess access, RpcFaults faults) {
        this.port = port;
        this.auth = Objects.requireNonNull(auth, "auth");
        this.methods = Objects.requireNonNull(methods, "methods");
        this.access = Objects.requireNonNull(access, "access");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setReuseAddress(true).setMaxHeaderSize(8192));
        server.requestHandler(this::handle);
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port (meaningful once started). */
    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        if (faults.workQueueFull()) {
            req.response().setStatusCode(503).end("Work queue depth exceeded");
            return;
        }
        if (req.method() != HttpMethod.POST) {
            req.response().setStatusCode(405).end("JSONRPC server handles only POST requests");
            return;
        }
        String authorization = req.getHeader("Authorization");
        if (authorization == null) {
            req.response().setStatusCode(401).putHeader("WWW-Authenticate", WWW_AUTHENTICATE).end();
            return;
        }
        if (!auth.accepts(authorization)) {
            req.pause();
            vertx.setTimer(BAD_AUTH_DELAY_MS, t -> req.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", WWW_AUTHENTICATE).end());
            return;
        }
        req.body().onSuccess(body -> dispatch(req, body)).onFailure(e -> req.response().setStatusCode(500).end());
    }

    private void dispatch(HttpServerRequest req, Buffer body) {
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            parsed = null;
        }
        if (parsed instanceof JsonArray batch) {
            List<Future<Reply>> replies = new ArrayList<>();
            for (Object item : batch) {
                replies.add(one(item));
            }
            Future.all(replies).onComplete(done -> {
                JsonArray out = new JsonArray();
                for (Future<Reply> r : replies) {
                    out.add(r.result().body());
                }
                send(req, 200, out);
            });
            return;
        }
        if (!(parsed instanceof JsonObject)) {
            Reply parseError = error(false, null, new RpcError(RpcError.RPC_PARSE_ERROR, "Parse error"));
            send(req, parseError.status(), parseError.body());
            return;
        }
        one(parsed).onComplete(r -> send(req, r.result().status(), r.result().body()));
    }

    private record Reply(int status, Map<String, Object> body) {
    }

    private Future<Reply> one(Object item) {
        if (!(item instanceof JsonObject request)) {
            return Future.succeededFuture(error(false, null, new RpcError(RpcError.RPC_INVALID_REQUEST, "Invalid Request object")));
        }
        Object id = request.getValue("id");
        boolean v2 = "2.0".equals(request.getValue("jsonrpc"));
        Object method = request.getValue("method");
        if (method == null) {
            return Future.succeededFuture(error(v2, id, new RpcError(RpcError.RPC_INVALID_REQUEST, "Missing method")));
        }
        if (!(method instanceof String name)) {
            return Future.succeededFuture(error(v2, id, new RpcError(RpcError.RPC_INVALID_REQUEST, "Method must be a string")));
        }
        Object params = request.getValue("params");
        Future<RpcMethods.Outcome> outcome = Future.fromCompletionStage(
                access.call(node -> methods.call(node, name, params)), context);
        return outcome.map(o -> {
            if (o instanceof RpcMethods.Outcome.Result r) {
                if (v2) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("jsonrpc", "2.0");
                    body.put("result", r.value());
                    body.put("id", id);
                    return new Reply(200, body);
                }
                return new Reply(200, legacy(r.value(), null, id));
            }
            return error(v2, id, ((RpcMethods.Outcome.Error) o).error());
        }).recover(bug -> Future.succeededFuture(error(v2, id,
                new RpcError(RpcError.RPC_MISC_ERROR, "devnet internal error: " + bug))));
    }

    private static Reply error(boolean v2, Object id, RpcError error) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", error.code());
        err.put("message", error.message());
        if (v2) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jsonrpc", "2.0");
            body.put("error", err);
            body.put("id", id);
            return new Reply(200, body);
        }
        // JSONErrorReply in httprpc.cpp: 400 for an invalid request, 404 for an unknown method, else 500.
        int status = error.code() == RpcError.RPC_INVALID_REQUEST ? 400
                : error.code() == RpcError.RPC_METHOD_NOT_FOUND ? 404 : 500;
        return new Reply(status, legacy(null, err, id));
    }

    private static Map<String, Object> legacy(Object result, Map<String, Object> error, Object id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        body.put("error", error);
        body.put("id", id);
        return body;
    }

    private static void send(HttpServerRequest req, int status, Object body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(RpcJson.encode(body) + "\n");
    }
}
