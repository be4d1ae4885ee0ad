package dev.vigil.breachdetector.rpc;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.util.Objects;

/**
 * bitcoind's HTTP answer.
 *
 * @param status the HTTP status (200; 401 bad credentials; 500/404/400 JSON-RPC 1.x errors; 503
 *               work queue full)
 * @param body   the body as received
 */
public record RpcHttpResponse(int status, Bytes body) {
    public RpcHttpResponse {
        Objects.requireNonNull(body, "body");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }
}
