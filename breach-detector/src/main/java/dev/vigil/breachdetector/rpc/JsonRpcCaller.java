package dev.vigil.breachdetector.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON-RPC call to bitcoind, with its retries: the loop under {@link BitcoindRpcClient}'s typed
 * methods.
 *
 * <p>Requests use JSON-RPC 1.0 framing ({@code "jsonrpc": "1.0"}), as bitcoin-cli does and as the
 * recorded traffic in fixtures/bitcoind/ shows: in that legacy mode bitcoind reports errors with
 * HTTP 500 (404 for an unknown method, 400 for an invalid request) and a body holding both
 * {@code result} and {@code error}. A JSON-RPC 2.0 style answer (HTTP 200, {@code error} only) is
 * understood too (doc/JSON-RPC-interface.md "JSON-RPC 1.1 vs 2.0").
 *
 * <p>A call retries per its {@link VigilConfig.Retry} on a refused or failed connection, a timeout,
 * HTTP 401 (re-reading the cookie file first: bitcoind writes a new one at every start), HTTP 503
 * "Work queue depth exceeded" (-rpcworkqueue full) and RPC_IN_WARMUP; the delay doubles from
 * {@code initialBackoff} up to {@code maxBackoff}. After the last attempt the call returns
 * {@link RpcResult.Unavailable}: "never give up" (DESIGN §3) is the chain monitor's job, which
 * walks again. Anything else comes back at once as a {@link RpcResult}.
 *
 * <p>Threading: thread-safe. Blocking: blocks for the HTTP exchange and any backoff.
 */
final class JsonRpcCaller {
    /**
     * The longest string bitcoind legitimately sends: a 4,000,000-byte block as hex is 8 M
     * characters. Jackson's limit is set to twice that, explicitly, rather than relying on its
     * default.
     */
    private static final int MAX_JSON_STRING = 16_000_000;
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_JSON_STRING).build())
            .build());

    private final RpcTransport transport;
    private final RpcAuth credentials;
    private final VigilConfig.Retry retry;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final AtomicLong ids = new AtomicLong();
    /** The cached Authorization header value, re-read after a 401. */
    private final AuthCache auth = new AuthCache();

    /**
     * @param requestTimeout how long one HTTP exchange may take (bitcoind's own -rpcservertimeout
     *                       is 30 s)
     */
    JsonRpcCaller(RpcTransport transport, RpcAuth credentials, VigilConfig.Retry retry, Duration requestTimeout,
            Sleeper sleeper) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (credentials instanceof RpcAuth.UserPassword up && up.user().contains(":")) {
            // HTTP Basic joins user and password with ':' (RFC 7617).
            throw new IllegalArgumentException("an RPC user name cannot contain ':'");
        }
    }

    /** The delay before attempt {@code attempt + 1} (attempt counts from 1). */
    static Duration backoffAfter(VigilConfig.Retry retry, int attempt) {
        Duration d = retry.initialBackoff();
        for (int i = 1; i < attempt && d.compareTo(retry.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : d;
    }

    /** Calls {@code method}; the raw {@code result} node (JSON {@code null} for methods that return nothing). */
    RpcResult<JsonNode> call(String method, ArrayNode params) {
        RpcResult.Unavailable<JsonNode> last = null;
        boolean reloadCookie = false;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                try {
                    sleeper.sleep(backoffAfter(retry, attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new RpcResult.Unavailable<>(RpcResult.Reason.INTERRUPTED, method + " interrupted");
                }
            }
            String authorization;
            try {
                authorization = auth.header(credentials, reloadCookie);
            } catch (IOException e) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.UNAUTHORIZED,
                        "cannot read the RPC cookie file: " + e.getMessage());
                reloadCookie = true;
                continue;
            }
            reloadCookie = false;
            String id = "vigil-" + ids.incrementAndGet();
            ObjectNode request = JSON.createObjectNode();
            request.put("jsonrpc", "1.0");
            request.put("id", id);
            request.put("method", method);
            request.set("params", params);
            RpcHttpResponse response;
            try {
                response = transport.post(new RpcHttpRequest("/", Map.of(
                        "Authorization", authorization, "Content-Type", "application/json"),
                        Bytes.of(JSON.writeValueAsBytes(request)), requestTimeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RpcResult.Unavailable<>(RpcResult.Reason.INTERRUPTED, method + " interrupted");
            } catch (IOException e) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.CONNECTION,
                        method + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                continue;
            }
            if (response.status() == 401) {
                // bitcoind restarted with a new cookie, or the credentials are wrong.
                last = new RpcResult.Unavailable<>(RpcResult.Reason.UNAUTHORIZED, method + ": HTTP 401");
                reloadCookie = true;
                continue;
            }
            if (response.status() == 503) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.BUSY, method + ": HTTP 503 "
                        + snippet(response.body()));
                continue;
            }
            RpcResult<JsonNode> result = interpret(method, id, response);
            if (result instanceof RpcResult.Failed<JsonNode> f
                    && f.error().kind() == RpcErrorCode.RPC_IN_WARMUP) {
                last = new RpcResult.Unavailable<>(RpcResult.Reason.BUSY, method + ": warming up: "
                        + f.error().message());
                continue;
            }
            return result;
        }
        return Objects.requireNonNull(last);
    }

    private static RpcResult<JsonNode> interpret(String method, String id, RpcHttpResponse response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body().toArray());
        } catch (IOException e) {
            return badResponse(method, response, "not JSON");
        }
        if (body == null || !body.isObject()) {
            return badResponse(method, response, "not a JSON-RPC object");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            if (!error.path("code").isInt()) {
                return badResponse(method, response, "error without an integer code");
            }
            return new RpcResult.Failed<>(new RpcError(error.get("code").asInt(),
                    error.path("message").asText("")));
        }
        if (response.status() != 200 || !body.has("result")) {
            return badResponse(method, response, "no result");
        }
        if (!id.equals(body.path("id").asText(null))) {
            return badResponse(method, response, "answer to another request id " + body.get("id"));
        }
        return new RpcResult.Ok<>(body.get("result"));
    }

    private static RpcResult<JsonNode> badResponse(String method, RpcHttpResponse response, String why) {
        return new RpcResult.Unavailable<>(RpcResult.Reason.BAD_RESPONSE, method + ": HTTP "
                + response.status() + ", " + why + ": " + snippet(response.body()));
    }

    private static String snippet(Bytes body) {
        int n = Math.min(body.length(), 200);
        return new String(body.slice(0, n).toArray(), StandardCharsets.UTF_8).strip();
    }

    /** The Authorization header, from the credentials; the cookie is read lazily and after a 401. */
    private static final class AuthCache {
        private volatile String header;

        String header(RpcAuth credentials, boolean reload) throws IOException {
            String h = header;
            if (h != null && !reload) {
                return h;
            }
            String userPass;
            if (credentials instanceof RpcAuth.UserPassword up) {
                userPass = up.user() + ":" + up.password();
            } else {
                Path cookie = ((RpcAuth.Cookie) credentials).file();
                userPass = Files.readString(cookie, StandardCharsets.UTF_8).strip();
                if (userPass.indexOf(':') < 1) {
                    throw new IOException("cookie file " + cookie + " is not 'user:password'");
                }
            }
            h = "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
            header = h;
            return h;
        }
    }
}
