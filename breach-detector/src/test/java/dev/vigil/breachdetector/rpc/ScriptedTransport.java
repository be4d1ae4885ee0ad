package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A fake bitcoind behind the RpcTransport port: answers from a script, and fails on command
 * (connection refused, 401, 503, warm-up), checking each request's JSON-RPC shape as it goes.
 */
final class ScriptedTransport implements RpcTransport {
    static final ObjectMapper JSON = new ObjectMapper();

    interface Step {
        RpcHttpResponse answer(RpcHttpRequest request, JsonNode body) throws IOException;
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    final List<RpcHttpRequest> requests = new ArrayList<>();

    @Override
    public RpcHttpResponse post(RpcHttpRequest request) throws IOException {
        requests.add(request);
        Step step = steps.poll();
        if (step == null) {
            return fail("unexpected request " + request);
        }
        JsonNode body = JSON.readTree(request.body().toArray());
        assertEquals("application/json", request.headers().get("Content-Type"));
        return step.answer(request, body);
    }

    boolean finished() {
        return steps.isEmpty();
    }

    ScriptedTransport then(Step step) {
        steps.add(step);
        return this;
    }

    /** The connection is refused, as when bitcoind is down. */
    ScriptedTransport refuse() {
        return then((r, b) -> {
            throw new ConnectException("Connection refused");
        });
    }

    /** A plain HTTP answer. */
    ScriptedTransport status(int status, String body) {
        return then((r, b) -> response(status, body));
    }

    /** bitcoind's 503 when -rpcworkqueue is full (src/httpserver.cpp). */
    ScriptedTransport workQueueFull() {
        return status(503, "Work queue depth exceeded");
    }

    /** A JSON-RPC 1.0 answer with {@code result}, echoing the request id. */
    ScriptedTransport result(String resultJson) {
        return then((r, b) -> {
            ObjectNode o = JSON.createObjectNode();
            o.set("result", JSON.readTree(resultJson));
            o.putNull("error");
            o.set("id", b.get("id"));
            return response(200, o.toString());
        });
    }

    /** A JSON-RPC 1.0 error as bitcoind sends it in legacy mode: HTTP 500, result null. */
    ScriptedTransport error(int code, String message) {
        return then((r, b) -> {
            ObjectNode o = JSON.createObjectNode();
            o.putNull("result");
            o.putObject("error").put("code", code).put("message", message);
            o.set("id", b.get("id"));
            return response(500, o.toString());
        });
    }

    /**
     * One line of rpc-transcript.jsonl: the request must have the recorded path, method and
     * params; the answer is the recorded status and body, with the id of the request.
     */
    ScriptedTransport replay(JsonNode line) {
        return then((r, b) -> {
            JsonNode recorded = line.get("request");
            assertEquals(line.get("path").asText(), r.path(), "path");
            assertEquals(recorded.get("jsonrpc"), b.get("jsonrpc"), "jsonrpc version");
            assertEquals(recorded.get("method"), b.get("method"), "method");
            assertEquals(recorded.get("params"), b.get("params"), "params of " + recorded.get("method"));
            ObjectNode answer = line.get("response").deepCopy();
            answer.set("id", b.get("id"));
            return response(line.get("http_status").asInt(), answer.toString());
        });
    }

    static RpcHttpResponse response(int status, String body) {
        return new RpcHttpResponse(status, Bytes.of(body.getBytes(StandardCharsets.UTF_8)));
    }
}
