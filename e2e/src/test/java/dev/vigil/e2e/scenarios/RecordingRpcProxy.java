package dev.vigil.e2e.scenarios;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback JSON-RPC proxy between the tower and the devnet that forwards every request unchanged
 * (authorization header included, so the tower still reads the devnet's cookie) and records each
 * {@code sendrawtransaction} with the node's answer.
 *
 * <p>Why: the devnet, like bitcoind, puts the transactions of a disconnected block back in its
 * mempool, so after a reorg the mempool alone cannot show that the tower re-sent the dispute and
 * the penalty (DESIGN §4). The recording shows what the tower itself sent, and in which order.
 */
final class RecordingRpcProxy implements AutoCloseable {
    /** One {@code sendrawtransaction} the tower made: the raw transaction and what the node answered. */
    record Broadcast(String rawTxHex, String answer, long nanos) {
        Broadcast {
            Objects.requireNonNull(rawTxHex, "rawTxHex");
            Objects.requireNonNull(answer, "answer");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClientAgent client;
    private final HttpServer server;
    private final int targetPort;
    private final List<Broadcast> broadcasts = new CopyOnWriteArrayList<>();

    private RecordingRpcProxy(int targetPort) {
        this.targetPort = targetPort;
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::forward);
    }

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
    static RecordingRpcProxy start(int targetPort) throws Exception {
        RecordingRpcProxy p = new RecordingRpcProxy(targetPort);
        p.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return p;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bitcoind-rpc}. */
    String hostPort() {
        return "127.0.0.1:" + server.actualPort();
    }

    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> calls =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Every sendrawtransaction so far, in the order the node answered them. */
    List<Broadcast> broadcasts() {
        return List.copyOf(broadcasts);
    }

    /** How many calls of {@code method} the proxy relayed so far (batches not counted). */
    long callsOf(String method) {
        java.util.concurrent.atomic.LongAdder n = calls.get(method);
        return n == null ? 0 : n.sum();
    }

    /** How many of them sent exactly {@code rawTxHex}. */
    long sendsOf(String rawTxHex) {
        return broadcasts.stream().filter(b -> b.rawTxHex().equals(rawTxHex)).count();
    }

    private void forward(HttpServerRequest in) {
        in.body().compose(body -> {
            RequestOptions out = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(targetPort).setURI(in.uri());
            String auth = in.getHeader(HttpHeaders.AUTHORIZATION);
            if (auth != null) {
                out.putHeader(HttpHeaders.AUTHORIZATION, auth);
            }
            out.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            return client.request(out).compose(req -> req.send(body)).compose(resp -> resp.body().map(answer -> {
                record(body, answer);
                reply(in, resp, answer);
                return null;
            }));
        }).onFailure(e -> in.connection().close()); // as a node that went away: the tower sees a reset
    }

    private static void reply(HttpServerRequest in, HttpClientResponse resp, Buffer answer) {
        in.response().setStatusCode(resp.statusCode());
        String type = resp.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            in.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
        }
        in.response().end(answer);
    }

    private void record(Buffer request, Buffer answer) {
        JsonObject call;
        try {
            call = new JsonObject(request);
        } catch (DecodeException | ClassCastException e) {
            return; // a batch (a JSON array): the tower sends its sendrawtransaction calls alone
        }
        calls.computeIfAbsent(String.valueOf(call.getString("method")), k -> new java.util.concurrent.atomic.LongAdder()).increment();
        if (!"sendrawtransaction".equals(call.getString("method"))) {
            return;
        }
        Object params = call.getValue("params");
        String hex = params instanceof JsonArray a ? a.getString(0) : ((JsonObject) params).getString("hexstring");
        broadcasts.add(new Broadcast(hex, answer.toString(java.nio.charset.StandardCharsets.UTF_8).strip(), System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("closing the RPC proxy", e);
        }
    }
}
