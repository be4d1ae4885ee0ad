package dev.vigil.clientsdk.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link Transport}: {@link HttpURLConnection} (on Android since API 1), a connect and a
 * read timeout, and an optional SOCKS proxy, e.g. Orbot's {@code 127.0.0.1:9050} for onion towers
 * (the proxy resolves the host name, so onion addresses work). Answers larger than
 * {@link #MAX_BODY_BYTES} are cut off and reported unreachable: no teos answer comes near it. Thread-safe.
 */
public final class HttpUrlConnectionTransport implements Transport {
    /** The largest answer body read (teos answers are a few hundred bytes; get_appointment ~ a transaction). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Proxy proxy;

    /**
     * @param connectTimeout how long to wait for the TCP (or SOCKS) connection, at least 1 ms
     * @param readTimeout how long to wait between bytes of the answer, at least 1 ms
     * @param socksProxy a SOCKS5 proxy to go through, or empty for a direct connection
     */
    public HttpUrlConnectionTransport(Duration connectTimeout, Duration readTimeout, Optional<InetSocketAddress> socksProxy) {
        this.connectTimeoutMillis = millis(connectTimeout, "connectTimeout");
        this.readTimeoutMillis = millis(readTimeout, "readTimeout");
        this.proxy = Objects.requireNonNull(socksProxy, "socksProxy").map(a -> new Proxy(Proxy.Type.SOCKS, a)).orElse(Proxy.NO_PROXY);
    }

    /** 10 s to connect, 30 s to read, no proxy. */
    public static HttpUrlConnectionTransport withDefaults() {
        return new HttpUrlConnectionTransport(Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty());
    }

    private static int millis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 ms and " + Integer.MAX_VALUE + " ms: " + d);
        }
        return (int) d.toMillis();
    }

    @Override
    public TransportResult post(URI url, byte[] jsonBody) {
        return exchange(url, jsonBody);
    }

    @Override
    public TransportResult get(URI url) {
        return exchange(url, null);
    }

    /** A POST of {@code jsonBody}, or a GET when it is null. */
    private TransportResult exchange(URI url, byte[] jsonBody) {
        HttpURLConnection c = null;
        try {
            URLConnection opened = url.toURL().openConnection(proxy);
            if (!(opened instanceof HttpURLConnection http)) {
                return new TransportResult.Unreachable("not an HTTP URL: " + url);
            }
            c = http;
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            if (jsonBody != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("content-type", "application/json");
                c.setFixedLengthStreamingMode(jsonBody.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(jsonBody);
                }
            } else {
                c.setRequestMethod("GET");
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : readBounded(in);
            if (body == null) {
                return new TransportResult.Unreachable("answer of " + url + " is over " + MAX_BODY_BYTES + " bytes");
            }
            if (status < 100 || status > 599) {
                return new TransportResult.Unreachable("not an HTTP status from " + url + ": " + status);
            }
            return new TransportResult.Answered(status, body);
        } catch (IOException | IllegalArgumentException e) {
            return new TransportResult.Unreachable(url + ": " + e);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
