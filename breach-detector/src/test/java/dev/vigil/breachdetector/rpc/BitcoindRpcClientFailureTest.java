package dev.vigil.breachdetector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.breachdetector.block.Hash256;
import dev.vigil.config.RpcAuth;
import dev.vigil.config.VigilConfig;
import dev.vigil.towerprotocol.encoding.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a fake bitcoind failing on command. */
class BitcoindRpcClientFailureTest {
    private static final String TIP = "75880a5a2156640b975b04bbbce8b68398705184bd3f709ae535ad0824ea8588";

    private final ScriptedTransport transport = new ScriptedTransport();
    private final List<Duration> sleeps = new ArrayList<>();
    private final VigilConfig.Retry retry = new VigilConfig.Retry(4, Duration.ofMillis(250), Duration.ofSeconds(1));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BitcoindRpcClient client(RpcAuth credentials, Sleeper sleeper) {
        return new BitcoindRpcClient(transport, credentials, retry, TIMEOUT, d -> {
            sleeps.add(d);
            sleeper.sleep(d);
        });
    }

    private BitcoindRpcClient client() {
        return client(new RpcAuth.UserPassword("u", "p"), d -> { });
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectionRefusedIsRetriedWithGrowingBackoff() {
        transport.refuse().refuse().result("\"" + TIP + "\"");
        RpcResult<Hash256> r = client().getBestBlockHash();
        assertEquals(TIP, assertInstanceOf(RpcResult.Ok.class, r).value().toString());
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), sleeps);
        assertEquals(3, transport.requests.size());
    }

    @Test
    void aNodeThatStaysDownIsUnavailableAfterTheLastAttempt() {
        for (int i = 0; i < 4; i++) {
            transport.refuse();
        }
        RpcResult<Hash256> r = client().getBestBlockHash();
        assertEquals(RpcResult.Reason.CONNECTION, assertInstanceOf(RpcResult.Unavailable.class, r).reason());
        assertEquals(4, transport.requests.size());
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
        RpcCallException e = assertThrows(RpcCallException.class, r::orElseThrow);
        assertEquals(r, e.result());
    }

    @Test
    void a401RereadsTheCookieThatARestartedNodeRewrote(@TempDir Path dir) throws IOException {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:aaaa\n");
        // The node restarts during our backoff and writes a new cookie, as bitcoind does at start.
        Sleeper restart = d -> {
            try {
                Files.writeString(cookie, "__cookie__:bbbb");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        transport.then((req, body) -> {
            assertEquals(basic("__cookie__:aaaa"), req.headers().get("Authorization"));
            return ScriptedTransport.response(401, "");
        }).then((req, body) -> {
            assertEquals(basic("__cookie__:bbbb"), req.headers().get("Authorization"));
            return ScriptedTransport.response(200, "{\"result\":\"" + TIP + "\",\"error\":null,\"id\":"
                    + body.get("id") + "}");
        });
        BitcoindRpcClient c = client(new RpcAuth.Cookie(cookie), restart);
        assertInstanceOf(RpcResult.Ok.class, c.getBestBlockHash());

        // The new cookie is cached: the next call does not need another 401.
        transport.then((req, body) -> {
            assertEquals(basic("__cookie__:bbbb"), req.headers().get("Authorization"));
            return ScriptedTransport.response(200, "{\"result\":\"" + TIP + "\",\"error\":null,\"id\":" + body.get("id") + "}");
        });
        assertInstanceOf(RpcResult.Ok.class, c.getBestBlockHash());
    }

    @Test
    void aMissingCookieFileIsRetriedThenUnauthorized(@TempDir Path dir) {
        RpcResult<Hash256> r = client(new RpcAuth.Cookie(dir.resolve("absent")), d -> { })
                .getBestBlockHash();
        assertEquals(RpcResult.Reason.UNAUTHORIZED, assertInstanceOf(RpcResult.Unavailable.class, r).reason());
        assertEquals(0, transport.requests.size());
        assertEquals(3, sleeps.size());
    }

    @Test
    void workQueueFullAndWarmupAreRetried() {
        transport.workQueueFull().error(-28, "Loading block index…").result("\"" + TIP + "\"");
        assertInstanceOf(RpcResult.Ok.class, client().getBestBlockHash());
        assertEquals(3, transport.requests.size());

        transport.workQueueFull().workQueueFull().workQueueFull().workQueueFull();
        RpcResult<Hash256> busy = client().getBestBlockHash();
        RpcResult.Unavailable<?> u = assertInstanceOf(RpcResult.Unavailable.class, busy);
        assertEquals(RpcResult.Reason.BUSY, u.reason());
        assertTrue(u.detail().contains("Work queue depth exceeded"), u.detail());
    }

    @Test
    void errorsAreTypedInBothJsonRpcDialects() {
        // JSON-RPC 2.0: HTTP 200, error only. Legacy: 404 for an unknown method.
        transport.then((req, body) -> ScriptedTransport.response(200, "{\"jsonrpc\":\"2.0\",\"error\":"
                + "{\"code\":-8,\"message\":\"Block height out of range\"},\"id\":" + body.get("id") + "}"));
        transport.then((req, body) -> ScriptedTransport.response(404, "{\"result\":null,\"error\":"
                + "{\"code\":-32601,\"message\":\"Method not found\"},\"id\":" + body.get("id") + "}"));
        RpcError e1 = assertInstanceOf(RpcResult.Failed.class, client().getBlockHash(9999)).error();
        assertEquals(RpcErrorCode.RPC_INVALID_PARAMETER, e1.kind());
        RpcError e2 = assertInstanceOf(RpcResult.Failed.class, new JsonRpcCaller(transport, new RpcAuth.UserPassword("u", "p"),
                retry, TIMEOUT, d -> { }).call("nosuch", ScriptedTransport.JSON.createArrayNode())).error();
        assertEquals(RpcErrorCode.RPC_METHOD_NOT_FOUND, e2.kind());
        assertEquals(RpcErrorCode.UNKNOWN, new RpcError(-999, "x").kind());
        assertEquals(2, transport.requests.size(), "errors are not retried");
    }

    @Test
    void malformedAnswersAreBadResponsesNotExceptions() {
        transport.status(500, "<html>Internal Server Error</html>")
                .then((req, body) -> ScriptedTransport.response(200,
                        "{\"result\":\"" + TIP + "\",\"error\":null,\"id\":\"someone-else\"}"))
                .result("42")
                .result("\"zz\"")
                .result("{\"hash\":\"" + TIP + "\"}");
        for (int i = 0; i < 4; i++) {
            RpcResult<Hash256> r = client().getBestBlockHash();
            assertEquals(RpcResult.Reason.BAD_RESPONSE,
                    assertInstanceOf(RpcResult.Unavailable.class, r, () -> String.valueOf(r)).reason());
        }
        RpcResult<BlockHeaderInfo> header = client().getBlockHeader(Hash256.fromDisplayHex(TIP));
        RpcResult.Unavailable<?> u = assertInstanceOf(RpcResult.Unavailable.class, header);
        assertTrue(u.detail().contains("missing field 'height'"), u.detail());
        assertEquals(5, transport.requests.size(), "none retried");
    }

    @Test
    void sendRawTransactionPassesMaxFeeRateZeroForJusticeTransactions() {
        List<JsonNode> seen = new ArrayList<>();
        transport.then((req, body) -> {
            seen.add(body.get("params"));
            return ScriptedTransport.response(200, "{\"result\":\"" + TIP + "\",\"error\":null,\"id\":"
                    + body.get("id") + "}");
        });
        client().sendRawTransaction(Bytes.fromHex("0200"), MaxFeeRate.UNLIMITED);
        assertEquals("[\"0200\",0]", seen.get(0).toString());
    }

    @Test
    void theBackoffDoublesUpToItsCeilingAndAUserNameWithAColonIsRefused() {
        VigilConfig.Retry r = new VigilConfig.Retry(9, Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
                Duration.ofMillis(500)), java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(a -> JsonRpcCaller.backoffAfter(r, a)).toList());
        assertThrows(IllegalArgumentException.class, () -> client(new RpcAuth.UserPassword("a:b", "p"), d -> { }));
        assertThrows(IllegalArgumentException.class, () -> new BitcoindRpcClient(transport, new RpcAuth.UserPassword("u", "p"),
                retry, Duration.ZERO, d -> { }));
    }

    @Test
    void anInterruptedBackoffStopsTheCall() {
        transport.refuse().refuse();
        RpcResult<Hash256> r = client(new RpcAuth.UserPassword("u", "p"), d -> {
            throw new InterruptedException();
        }).getBestBlockHash();
        assertEquals(RpcResult.Reason.INTERRUPTED, assertInstanceOf(RpcResult.Unavailable.class, r).reason());
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
    }
}
