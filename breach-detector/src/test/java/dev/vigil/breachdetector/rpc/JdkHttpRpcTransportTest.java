package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK transport over real HTTP on 127.0.0.1, against a JDK HttpServer speaking like bitcoind. */
class JdkHttpRpcTransportTest {
    private static final String TIP = "75880a5a2156640b975b04bbbce8b68398705184bd3f709ae535ad0824ea8588";
    private HttpServer server;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile int failuresLeft;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] answer;
            int status;
            if (failuresLeft > 0) {
                failuresLeft--;
                status = 503;
                answer = "Work queue depth exceeded".getBytes(StandardCharsets.UTF_8);
            } else {
                String id = body.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
                status = 200;
                answer = ("{\"result\":\"" + TIP + "\",\"error\":null,\"id\":\"" + id + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private BitcoindRpcClient client(int port) {
        return new BitcoindRpcClient(
                new JdkHttpRpcTransport(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)),
                new RpcAuth.UserPassword("vigil", "pw"), new VigilConfig.Retry(3, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5), d -> { });
    }

    @Test
    void postsJsonRpcWithBasicAuthAndRetriesA503() {
        failuresLeft = 1;
        RpcResult<Hash256> r = client(server.getAddress().getPort()).getBestBlockHash();
        assertEquals(TIP, assertInstanceOf(RpcResult.Ok.class, r).value().toString());
        assertEquals(2, seen.size());
        String request = seen.get(1);
        assertTrue(request.startsWith("POST / Basic dmlnaWw6cHc= {"), request);
        assertTrue(request.contains("\"method\":\"getbestblockhash\""), request);
        assertTrue(request.contains("\"params\":[]"), request);
    }

    @Test
    void aClosedPortIsAConnectionFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RpcResult<Hash256> r = client(port).getBestBlockHash();
        RpcResult.Unavailable<?> u = assertInstanceOf(RpcResult.Unavailable.class, r);
        assertEquals(RpcResult.Reason.CONNECTION, u.reason());
    }
}
