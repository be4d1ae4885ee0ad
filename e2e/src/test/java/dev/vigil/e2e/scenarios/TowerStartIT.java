package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures an operator must be able to read. */
class TowerStartIT {
    @TempDir
    Path dir;

    @Test
    void aTakenApiPortIsAClearErrorAndLeavesTheStoreClosed() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> flags = new HashMap<>(ScenarioTower.flags(dir.resolve("tower"), devnet));
            flags.put("api-port", Integer.toString(taken.getLocalPort()));
            IOException e = assertThrows(IOException.class, () -> ScenarioTower.start(flags, dir));
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
            // The store was closed on the way out: a second start on the same datadir opens it.
            flags.put("api-port", "0");
            ScenarioTower.start(flags, dir).close();
        }
    }

    /** {@code /ready} follows what a load balancer needs to know: synced and reachable, or 503 and why. */
    @Test
    void readyFollowsTheNodeAndHealthStaysAlive() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
                dev.vigil.towerserver.app.Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
            String admin = "http://127.0.0.1:" + tower.adminPort();
            assertEquals(200, status(admin + "/health"));
            dev.vigil.towerprotocol.testsupport.Await.until("/ready 200", () -> status(admin + "/ready") == 200);
            devnet.stopRpc(); // the node goes away: the next walk fails
            devnet.mine(1);
            dev.vigil.towerprotocol.testsupport.Await.until("/ready 503 while bitcoind is unreachable",
                    () -> status(admin + "/ready") == 503);
            assertEquals(200, status(admin + "/health"), "alive all the same");
            devnet.startRpc();
            dev.vigil.towerprotocol.testsupport.Await.until("/ready 200 once the tower caught up", () -> status(admin + "/ready") == 200);
            assertEquals(devnet.<Integer>onChain(n -> n.height()).longValue(), tower.tipHeight());
        }
    }

    private static int status(String url) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(2_000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
