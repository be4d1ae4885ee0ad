package dev.vigil.clientsdk.transport;

import java.net.URI;

/**
 * Sends one JSON request to a tower and returns its answer. A wallet may replace the default
 * ({@link HttpUrlConnectionTransport}) with its own HTTP stack (OkHttp, an embedded Tor client).
 *
 * <p>Contract: blocking; called from the thread that calls {@code TowerClient.flush()} (or
 * {@code register()}, {@code getAppointment()}, {@code pullEvents()}), or from the background sender's thread when the
 * wallet started one, never from any other thread of the SDK's; may be called concurrently for different
 * towers, so implementations are thread-safe. It must return within a bounded time (timeouts are the
 * implementation's job). An HTTP answer of any status is {@link TransportResult.Answered}; anything
 * that left no answer (DNS, refused, reset, timeout, proxy failure) is
 * {@link TransportResult.Unreachable}. It never throws for network trouble.
 */
public interface Transport {
    /** POSTs {@code jsonBody} ({@code content-type: application/json}) to {@code url}. */
    TransportResult post(URI url, byte[] jsonBody);

    /**
     * GETs {@code url} (no body), for the monitoring routes that are read without authentication
     * ({@code GET /monitor/info}, docs/monitoring.md 5.2). Same contract as {@link #post}. The default
     * answers {@link TransportResult.Unreachable}, so a wallet's own transport written before
     * monitoring still compiles and simply cannot pull events until it implements this.
     */
    default TransportResult get(URI url) {
        return new TransportResult.Unreachable("this transport does not send GET requests: " + url);
    }
}
