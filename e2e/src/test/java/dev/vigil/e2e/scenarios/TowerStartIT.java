package dev.vigil.e2e.scenarios;

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
}
