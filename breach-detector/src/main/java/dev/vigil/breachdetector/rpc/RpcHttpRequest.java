package dev.vigil.breachdetector.rpc;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP POST of a JSON-RPC body.
 *
 * @param path    the URL path: {@code /} or {@code /wallet/<name>}
 * @param headers header names and values (Authorization, Content-Type)
 * @param body    the JSON request
 * @param timeout how long to wait for the whole response
 */
public record RpcHttpRequest(String path, Map<String, String> headers, Bytes body, Duration timeout) {
    public RpcHttpRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        // Never print the Authorization header.
        return "RpcHttpRequest[" + path + ", " + body.length() + " bytes]";
    }
}
