package dev.vigil.devnet;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** A blocking JSON-RPC 1.0 client for tests, as the tower's bitcoind client speaks. */
public final class RpcClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP exchange: status, raw body, and the body parsed as JSON (null if it is not JSON). */
    public record Reply(int status, String raw, Object json) {
        public JsonObject object() {
            return (JsonObject) json;
        }

        public Object result() {
            return object().getValue("result");
        }

        public JsonObject error() {
            return object().getJsonObject("error");
        }
    }

    private final URI url;
    private final String user;
    private final String password;

    public RpcClient(URI url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static RpcClient of(Devnet devnet) {
        return new RpcClient(devnet.rpcUrl(), devnet.rpcUser(), devnet.rpcPassword());
    }

    public Reply call(String method, Object... params) {
        JsonObject request = new JsonObject().put("jsonrpc", "1.0").put("id", method).put("method", method)
                .put("params", new JsonArray(List.of(params)));
        return post(request.encode());
    }

    public Reply post(String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Object json;
            try {
                json = r.body().isEmpty() ? null : Json.decodeValue(r.body());
            } catch (RuntimeException e) {
                json = null;
            }
            return new Reply(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The result of a call that must succeed. */
    public Object ok(String method, Object... params) {
        Reply r = call(method, params);
        if (r.status() != 200) {
            throw new AssertionError(method + " failed: " + r.status() + " " + r.raw());
        }
        return r.result();
    }
}
