package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.breachdetector.chain.ZmqExpectation;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import dev.vigil.towerserver.app.Tower;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's log of a real tower on the devnet (docs/operations.md, "Logs"): a line per block at
 * the tip, and the warning, with its fix, when the configured ZMQ endpoints do not deliver.
 */
class OperatorLogsIT {
    private static final String SILENT = "ZMQ did not announce block ";

    @TempDir
    Path dir;

    @Test
    void aTowerPointedAtZmqEndpointsNobodyPublishesOnWarnsWithTheBitcoinConfLinesThatFixIt() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
                LogCapture log = LogCapture.of("dev.vigil", Level.INFO)) {
            int rawblockPort = freePort();
            int sequencePort = freePort();
            Map<String, String> flags = new HashMap<>(ScenarioTower.flags(dir.resolve("tower"), devnet));
            flags.put("zmq-rawblock", "tcp://127.0.0.1:" + rawblockPort);
            flags.put("zmq-sequence", "tcp://127.0.0.1:" + sequencePort);
            try (Tower tower = ScenarioTower.startSynced(flags, dir, devnet)) {
                Devnet.MinedBlock block = devnet.mine(1).get(0);
                // Only the 1 s poll can find it; the warning follows its grace.
                Await.until("the ZMQ warning", () -> !log.messages(Level.WARNING, SILENT).isEmpty());
                String warning = log.messages(Level.WARNING, SILENT).get(0);
                assertTrue(warning.startsWith(SILENT + block.height() + " " + block.hash() + ": bitcoind's RPC showed it,"
                        + " but nothing arrived on rawblock from tcp://127.0.0.1:" + rawblockPort + " nor on sequence from tcp://127.0.0.1:"
                        + sequencePort), warning);
                assertTrue(warning.contains("Fix: bitcoin.conf must have zmqpubrawblock=tcp://127.0.0.1:" + rawblockPort
                        + " (the tower's zmq.rawblock, --zmq-rawblock) and zmqpubsequence=tcp://127.0.0.1:" + sequencePort
                        + " (the tower's zmq.sequence, --zmq-sequence)"), warning);
                assertTrue(warning.contains("Repeated every 10 min while it lasts"), warning);
                // Rate-limited: the next block found by the poll is not warned about again within the interval.
                Devnet.MinedBlock next = devnet.mine(1).get(0);
                ScenarioTower.awaitSynced(tower, devnet);
                Await.until("the next block's line", () -> !log.messages(Level.INFO, "block " + next.height() + " ").isEmpty());
                assertEquals(1, log.messages(Level.WARNING, SILENT).size());
            }
        }
    }

    @Test
    void aTowerOnWorkingZmqLogsEachBlockInTheDocumentedShapeAndNoZmqWarning() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
                RecordingRpcProxy rpc = RecordingRpcProxy.start(devnet.rpcPort());
                LogCapture log = LogCapture.of("dev.vigil", Level.INFO)) {
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet, rpc.hostPort()), dir, devnet)) {
                assertTrue(devnet.awaitZmqSubscriptions("rawblock", 1, java.time.Duration.ofSeconds(20)), "subscribed");
                List<Devnet.MinedBlock> blocks = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    blocks.addAll(devnet.mine(1));
                    ScenarioTower.awaitSynced(tower, devnet);
                }
                // A reorg: the tip leaves, two blocks replace it (a walk back and forward).
                Devnet.MinedBlock gone = blocks.get(blocks.size() - 1);
                assertTrue(devnet.invalidate(gone.hash()));
                blocks.addAll(devnet.mine(2));
                ScenarioTower.awaitSynced(tower, devnet);
                for (Devnet.MinedBlock b : blocks) {
                    String prefix = "block " + b.height() + " " + b.hash() + ": 1 tx, 0 breaches, ";
                    Await.until("the line of block " + b.height(), () -> !log.messages(Level.INFO, prefix).isEmpty());
                    assertTrue(log.messages(Level.INFO, prefix).get(0).matches(java.util.regex.Pattern.quote(prefix) + "\\d+ ms"),
                            log.messages(Level.INFO, prefix).get(0));
                }
                assertEquals(1, log.messages(Level.INFO, "block " + gone.height() + " " + gone.hash() + " disconnected (reorg)").size());
                // Let every silence check run out its grace (polls go on meanwhile): none found ZMQ silent.
                long since = System.nanoTime();
                long polls = rpc.callsOf("getbestblockhash");
                Await.until("two polls and the grace to pass", () -> rpc.callsOf("getbestblockhash") >= polls + 2
                        && System.nanoTime() - since > ZmqExpectation.DEFAULT_GRACE.toNanos() + 500_000_000L);
                assertEquals(List.of(), log.messages(Level.WARNING, SILENT));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
