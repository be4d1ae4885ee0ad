package dev.vigil.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.testsupport.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cookie and user/password auth as bitcoind's, restarts, and the faults a test can switch on. */
class RpcAuthAndFaultsTest {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final DevnetFixture devnets = new DevnetFixture();

    private RpcClient fromCookie(Devnet devnet) throws Exception {
        String cookie = Files.readString(dataDir.resolve("regtest").resolve(".cookie"), StandardCharsets.US_ASCII);
        int colon = cookie.indexOf(':');
        return new RpcClient(devnet.rpcUrl(), cookie.substring(0, colon), cookie.substring(colon + 1));
    }

    @Test
    void cookieAuthAndRestart() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir));
        Path cookieFile = dataDir.resolve("regtest").resolve(".cookie");
        assertEquals(cookieFile, devnet.cookieFile().orElseThrow());
        String cookie = Files.readString(cookieFile, StandardCharsets.US_ASCII);
        assertTrue(cookie.matches("__cookie__:[0-9a-f]{64}"), cookie);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieFile)));
        RpcClient old = fromCookie(devnet);
        assertEquals(0, old.ok("getblockcount"));

        long start = System.nanoTime();
        RpcClient.Reply wrong = new RpcClient(devnet.rpcUrl(), "__cookie__", "00".repeat(32)).call("getblockcount");
        assertEquals(401, wrong.status());
        assertEquals("", wrong.raw());
        assertTrue(System.nanoTime() - start >= 240_000_000L, "bitcoind answers a bad password after 250 ms");
        assertEquals(401, new RpcClient(devnet.rpcUrl(), null, null).call("getblockcount").status());

        devnet.mine(3);
        devnet.restart();
        String newCookie = Files.readString(cookieFile, StandardCharsets.US_ASCII);
        assertNotEquals(cookie, newCookie);
        assertEquals(401, old.call("getblockcount").status(), "the old cookie is gone");
        assertEquals(3, fromCookie(devnet).ok("getblockcount"), "the chain survives a restart");

        devnets.close();
        assertFalse(Files.exists(cookieFile), "the cookie is deleted on shutdown, as bitcoind does");
    }

    @Test
    void userPasswordAuth() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir).withUserPassword("vigil", "secret"));
        assertTrue(devnet.cookieFile().isEmpty());
        assertFalse(Files.exists(dataDir.resolve("regtest").resolve(".cookie")));
        assertEquals(0, new RpcClient(devnet.rpcUrl(), "vigil", "secret").ok("getblockcount"));
        assertEquals(401, new RpcClient(devnet.rpcUrl(), "vigil", "nope").call("getblockcount").status());
    }

    @Test
    void faultsOnCommand() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir));
        RpcClient rpc = RpcClient.of(devnet);
        devnet.setRpcWorkQueueFull(true);
        RpcClient.Reply busy = rpc.call("getblockcount");
        assertEquals(503, busy.status());
        assertEquals("Work queue depth exceeded", busy.raw());
        devnet.setRpcWorkQueueFull(false);
        assertEquals(0, rpc.ok("getblockcount"));

        int port = devnet.rpcPort();
        devnet.stopRpc();
        assertThrows(UncheckedIOException.class, () -> rpc.call("getblockcount"), "connection refused while stopped");
        devnet.mine(2); // the chain goes on while the RPC server is down
        devnet.startRpc();
        assertEquals(port, devnet.rpcPort());
        assertEquals(2, rpc.ok("getblockcount"));
    }

    @Test
    void miningTimer() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir).withMiningInterval(java.time.Duration.ofMillis(50)));
        RpcClient rpc = RpcClient.of(devnet);
        Await.until("the timer to mine 3 blocks", () -> ((Number) rpc.ok("getblockcount")).intValue() >= 3);
    }

    @Test
    void envelopes() throws Exception {
        Devnet devnet = devnets.start(DevnetOptions.defaults(dataDir));
        RpcClient rpc = RpcClient.of(devnet);
        RpcClient.Reply v2 = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"getblock\",\"params\":[\"" + "00".repeat(32) + "\"]}");
        assertEquals(200, v2.status(), "JSON-RPC 2.0 errors come back with HTTP 200");
        assertEquals(-5, v2.object().getJsonObject("error").getInteger("code"));
        assertFalse(v2.object().containsKey("result"));
        assertEquals(7, v2.object().getInteger("id"));
        RpcClient.Reply batch = rpc.post("[{\"id\":1,\"method\":\"getblockcount\"},{\"id\":2,\"method\":\"nope\"}]");
        assertEquals(200, batch.status());
        JsonArray replies = (JsonArray) batch.json();
        assertEquals(0, replies.getJsonObject(0).getInteger("result"));
        assertEquals(-32601, replies.getJsonObject(1).getJsonObject("error").getInteger("code"));
        RpcClient.Reply garbage = rpc.post("{not json");
        assertEquals(500, garbage.status());
        assertEquals(-32700, garbage.object().getJsonObject("error").getInteger("code"));
        RpcClient.Reply named = rpc.post("{\"id\":1,\"method\":\"getblockhash\",\"params\":{\"height\":0}}");
        assertEquals("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", named.result());
        RpcClient.Reply badHash = rpc.call("getblockheader", "abc");
        assertEquals("hash must be of length 64 (not 3, for 'abc')", badHash.error().getString("message"));
        assertEquals(-8, badHash.error().getInteger("code"));
        // Amounts print as bitcoind prints them: eight decimals, never in exponent form.
        assertTrue(rpc.call("getnetworkinfo").raw().contains("\"relayfee\":0.00000100"));
        assertTrue(((JsonObject) rpc.ok("getblockchaininfo")).getBoolean("initialblockdownload"));
    }
}
