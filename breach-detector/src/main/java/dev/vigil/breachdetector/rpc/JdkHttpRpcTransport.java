package dev.vigil.breachdetector.rpc;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@link RpcTransport} on the JDK's {@link HttpClient}: HTTP/1.1 (bitcoind speaks nothing else),
 * a connect timeout, the request's own timeout, and a cap on the response body.
 */
public final class JdkHttpRpcTransport implements RpcTransport {
    /**
     * The largest body accepted: a 4 MB block is 8 MB of hex plus a little JSON; 32 MiB leaves
     * room and still bounds what a misbehaving server can make us buffer.
     */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

    private final URI base;
    private final HttpClient client;
    private final int maxResponseBytes;

    /**
     * @param base           e.g. {@code http://127.0.0.1:18443} (regtest's default RPC port)
     * @param connectTimeout how long to wait for the TCP connection
     */
    public JdkHttpRpcTransport(URI base, Duration connectTimeout) {
        this(base, connectTimeout, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public JdkHttpRpcTransport(URI base, Duration connectTimeout, int maxResponseBytes) {
        this.base = Objects.requireNonNull(base, "base");
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("bitcoind's RPC server speaks plain http: " + base);
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes too small");
        }
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public RpcHttpResponse post(RpcHttpRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(request.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body().toArray()));
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(maxResponseBytes + 1);
            if (body.length > maxResponseBytes) {
                throw new IOException("response body over " + maxResponseBytes + " bytes");
            }
            return new RpcHttpResponse(response.statusCode(), Bytes.of(body));
        }
    }
}
