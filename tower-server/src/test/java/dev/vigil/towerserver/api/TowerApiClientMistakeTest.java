package dev.vigil.towerserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import dev.vigil.towerprotocol.wire.TeosJson;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the log says about a client's own mistakes: a DEBUG one-liner, never a stack trace above it. */
class TowerApiClientMistakeTest {
    private Vertx vertx;
    private TowerApi api;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        api = new TowerApi(new TowerApi.Settings("127.0.0.1", 0, 4096), new TowerApiTest.ScriptedService(),
                new TeosJson(Secp256k1Backends.best(), 4096));
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMalformedChunkedBodyIsADebugOneLinerNotAStackTrace() throws Exception {
        String request = "POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n";
        try (LogCapture log = LogCapture.of(TowerApi.class); LogCapture all = LogCapture.of("", Level.INFO)) {
            String answer;
            try (Socket socket = new Socket("127.0.0.1", api.actualPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
            Await.until("the bad request to be logged", () -> !log.messages(Level.FINE, "bad request").isEmpty());
            List<LogRecord> loud = all.records().stream()
                    .filter(r -> r.getLevel().intValue() > Level.FINE.intValue() || r.getThrown() != null)
                    .toList();
            assertEquals(List.of(), loud.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList(),
                    "answer: " + answer);
            String line = log.messages(Level.FINE, "bad request").get(0);
            assertTrue(line.startsWith("bad request from 127.0.0.1 on POST /register: "), line);
            assertTrue(!line.contains("\n") && line.length() < 300, line);
        }
    }

    /** The API speaks HTTP/1.1 only: a client's h2c upgrade is answered over HTTP/1.1, not switched (101). */
    @Test
    void anH2cUpgradeIsNotTaken() throws Exception {
        String request = "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", api.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] head = new byte[12];
            int n = socket.getInputStream().readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 200", new String(head, 0, n, StandardCharsets.US_ASCII));
        }
    }
}
