package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigResult;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.zmq.ZmqTopic;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a real {@link Tower} from command-line style flags, exactly as {@code vigil run} would, on a
 * devnet: its JSON-RPC (directly or through a {@link RecordingRpcProxy}), its cookie and its ZMQ
 * publishers.
 */
final class ScenarioTower {
    /** What the scenarios need shorter than the defaults (vigil.conf): 6 confirmations, 1 s polls. */
    static final int IRREVOCABLE_DEPTH = 6;

    private ScenarioTower() {}

    /**
     * The flags of a tower in {@code datadir} following {@code devnet}, RPC at {@code rpcHostPort}
     * (the devnet's own port, or a proxy's). Callers add or override flags before {@link #start}.
     */
    static Map<String, String> flags(Path datadir, Devnet devnet, String rpcHostPort) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("datadir", datadir.toString());
        f.put("network", "regtest");
        f.put("api-port", "0");
        f.put("admin-port", "0");
        f.put("bitcoind-rpc", rpcHostPort);
        f.put("bitcoind-cookie", devnet.cookieFile().orElseThrow().toString());
        f.put("zmq-rawblock", devnet.zmqEndpoints().get(ZmqTopic.RAWBLOCK));
        f.put("zmq-sequence", devnet.zmqEndpoints().get(ZmqTopic.SEQUENCE));
        // The safety poll also bounds how soon an RPC outage is noticed (scenario 4).
        f.put("chain-poll-interval", "1s");
        f.put("responder-irrevocable-depth", Integer.toString(IRREVOCABLE_DEPTH));
        return f;
    }

    static Map<String, String> flags(Path datadir, Devnet devnet) {
        return flags(datadir, devnet, "127.0.0.1:" + devnet.rpcPort());
    }

    /** Loads the configuration from {@code flags} only (no file, no environment) and starts the tower. */
    static Tower start(Map<String, String> flags, Path home) throws IOException {
        ConfigResult result = new ConfigLoader().load(Optional.empty(), Map.of(), flags, home);
        if (result instanceof ConfigResult.Invalid invalid) {
            throw new AssertionError("invalid tower flags " + flags + ": " + invalid.problems());
        }
        return Tower.start(((ConfigResult.Loaded) result).config());
    }

    /** Starts the tower and waits until it reached bitcoind and processed the devnet's tip. */
    static Tower startSynced(Map<String, String> flags, Path home, Devnet devnet) throws IOException {
        Tower tower = start(flags, home);
        try {
            awaitSynced(tower, devnet);
            return tower;
        } catch (RuntimeException | Error e) {
            tower.close();
            throw e;
        }
    }

    /** Waits until the tower reaches bitcoind and has processed every block of the devnet's active chain. */
    static void awaitSynced(Tower tower, Devnet devnet) {
        int height = devnet.onChain(n -> n.height());
        Await.until("the tower to reach bitcoind and process height " + height,
                () -> tower.nodeReachable() && tower.tipHeight() >= height);
        assertTrue(tower.tipHeight() == height, "the tower is not ahead of the node");
    }
}
