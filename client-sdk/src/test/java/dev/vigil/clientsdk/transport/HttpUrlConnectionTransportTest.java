package dev.vigil.clientsdk.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default transport against a loopback HTTP server: the method, the body sent, the answer read. */
class HttpUrlConnectionTransportTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI base;
    private final HttpUrlConnectionTransport transport =
            new HttpUrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(request, StandardCharsets.UTF_8));
            byte[] answer = "{\"height\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aGetSendsNoBodyAndReadsTheAnswer() {
        var a = assertInstanceOf(TransportResult.Answered.class, transport.get(base.resolve("/monitor/info")));
        assertEquals(200, a.status());
        assertArrayEquals("{\"height\":7}".getBytes(StandardCharsets.UTF_8), a.body());
        assertEquals(List.of("GET /monitor/info "), seen);
    }

    @Test
    void aPostSendsItsBodyAndAnErrorStatusIsStillAnAnswer() {
        assertInstanceOf(TransportResult.Answered.class, transport.post(base.resolve("/monitor/events"),
                "{\"after\":0}".getBytes(StandardCharsets.UTF_8)));
        var missing = assertInstanceOf(TransportResult.Answered.class, transport.get(base.resolve("/missing")));
        assertEquals(404, missing.status());
        assertEquals(List.of("POST /monitor/events {\"after\":0}", "GET /missing "), seen);
    }

    @Test
    void aTransportWithoutGetSaysSoAsUnreachable() {
        Transport postOnly = (url, body) -> new TransportResult.Answered(200, new byte[0]);
        assertInstanceOf(TransportResult.Unreachable.class, postOnly.get(base.resolve("/monitor/info")));
    }
}
