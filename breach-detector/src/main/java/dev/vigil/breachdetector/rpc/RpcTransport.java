package dev.vigil.breachdetector.rpc;

import java.io.IOException;

/**
 * Port: one HTTP POST to bitcoind's RPC server. Consumed by {@link BitcoindRpcClient}; the default
 * implementation is {@link JdkHttpRpcTransport}.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li><b>Blocking:</b> blocks the calling thread until the response body has arrived, the
 *       request's timeout expires, or the connection fails. Never call it on an event loop.</li>
 *   <li><b>Threading:</b> safe to call from several threads at once.</li>
 *   <li><b>Outcomes:</b> every HTTP status, including 401, 500 and 503, is a response, not an
 *       exception. An {@link IOException} means no response: {@link java.net.ConnectException} for
 *       a refused connection, {@link java.net.http.HttpTimeoutException} for a timeout, and also a
 *       body larger than the transport's limit.</li>
 *   <li><b>No retries:</b> the client decides what to retry.</li>
 * </ul>
 */
public interface RpcTransport {

    /** Sends the request and returns bitcoind's answer. */
    RpcHttpResponse post(RpcHttpRequest request) throws IOException, InterruptedException;
}
