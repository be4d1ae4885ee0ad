package dev.vigil.towerserver.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.Coin;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerserver.app.Tower;
import dev.vigil.towerserver.scenarios.DevnetChannel.RevokedState;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaches on a real channel, answered by a real tower over real HTTP, JSON-RPC and ZMQ (DESIGN §4):
 * the cheater publishes a revoked commitment, the tower decrypts the wallet's justice transaction
 * with the commitment's txid, broadcasts it and tracks it to irrevocable. Each scenario has its own
 * devnet and tower datadir.
 */
class BreachScenariosTest {
    /** States 0..3 are revoked (the wallet holds their secrets); the channel is at state 4. */
    private static final int REVOKED_STATES = 4;
    private static final long SLOTS = 10_000; // vigil.conf's subscription.slots; each appointment here takes 1

    @TempDir
    Path dir;

    /** A devnet, a funded channel with its revoked states, and a recording RPC proxy in front of the devnet. */
    private record Bench(Devnet devnet, RecordingRpcProxy rpc, DevnetChannel channel, List<RevokedState> states) {}

    private Bench bench(String label, ScenarioReport report) throws Exception {
        Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
        RecordingRpcProxy rpc = null;
        try {
            rpc = RecordingRpcProxy.start(devnet.rpcPort());
            DevnetChannel channel = DevnetChannel.open(devnet, label);
            List<RevokedState> states = IntStream.range(0, REVOKED_STATES).mapToObj(channel::revokedState).toList();
            report.note("devnet RPC 127.0.0.1:" + devnet.rpcPort() + ", recorded through " + rpc.hostPort());
            report.note("channel funded at height " + height(devnet) + "; " + REVOKED_STATES + " revoked states, justice verified with bitcoin-kmp");
            states.forEach(s -> report.note(s.describe()));
            return new Bench(devnet, rpc, channel, states);
        } catch (Exception | Error e) {
            if (rpc != null) {
                rpc.close();
            }
            devnet.close();
            throw e;
        }
    }

    private static void close(Bench b) {
        try {
            b.rpc().close();
        } finally {
            b.devnet().close();
        }
    }

    // ------------------------------------------------------------------ scenario 1

    @Test
    void aRevokedCommitmentMinedOnTheDevnetIsAnsweredAndTrackedToIrrevocable() throws Exception {
        ScenarioReport report = new ScenarioReport("1. breach end to end");
        Bench b = bench("scenario-1", report);
        try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), b.devnet(), b.rpc().hostPort()), dir, b.devnet())) {
            Devnet devnet = b.devnet();
            TowerUser user = new TowerUser(tower.apiPort(), "scenario-1");
            user.register().assertOk();
            b.states().forEach(s -> user.addAccepted(s.appointment()));
            report.note("tower " + tower.towerId().toHex() + " synced at height " + tower.tipHeight() + "; " + REVOKED_STATES
                    + " appointments accepted over HTTP");

            // The cheater publishes state 1, as a node relays it: mempool first, then a block.
            RevokedState breach = b.states().get(1);
            assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
            long sentAt = System.nanoTime();
            int breachHeight = devnet.mine(1).get(0).height();
            report.note("cheater's commitment " + breach.commitmentTxid() + " mined at height " + breachHeight);

            TxId justiceId = breach.justiceTx().txid;
            Await.until("the justice transaction in the devnet mempool", () -> inMempool(devnet, justiceId));
            report.note(String.format(java.util.Locale.ROOT, "justice %s in the mempool %.0f ms after the breach block was mined",
                    justiceId, (System.nanoTime() - sentAt) / 1e6));
            // Exactly that state's justice transaction, and nothing else, went to the node.
            Await.until("the proxy to relay the node's answer", () -> !b.rpc().broadcasts().isEmpty());
            assertTrue(b.rpc().broadcasts().stream().allMatch(x -> x.rawTxHex().equals(breach.justice().rawTx().toHex())),
                    "the tower sent only the breached state's justice: " + b.rpc().broadcasts());
            assertDisputeResponded(user, breach);
            assertOthersWatched(user, b.states(), breach);

            int justiceHeight = devnet.mine(1).get(0).height();
            assertEquals(justiceHeight, (int) devnet.<Integer>onChain(n -> n.confirmed(justiceId).orElseThrow().block().height()), "mined at once");
            report.note("justice mined at height " + justiceHeight);
            assertWalletPaid(devnet, b.channel(), breach);

            // Confirmed at justiceHeight; irrevocable at IRREVOCABLE_DEPTH confirmations, i.e. at
            // justiceHeight + depth - 1. One block short of it the tower still tracks the penalty.
            devnet.mine(ScenarioTower.IRREVOCABLE_DEPTH - 2);
            ScenarioTower.awaitSynced(tower, devnet);
            assertDisputeResponded(user, breach);
            assertEquals(SLOTS - REVOKED_STATES, user.subscriptionInfo().json().path("available_slots").asLong(), "not refunded yet");

            devnet.mine(1);
            int irrevocableAt = height(devnet);
            ScenarioTower.awaitSynced(tower, devnet);
            // Forgotten: the appointment is gone and its slot refunded (teos: once irrevocable).
            Await.until("the tracker to be forgotten and its slot refunded",
                    () -> user.subscriptionInfo().json().path("available_slots").asLong() == SLOTS - REVOKED_STATES + 1);
            user.get(breach.locator()).assertError(404, ErrorCode.APPOINTMENT_NOT_FOUND);
            assertOthersWatched(user, b.states(), breach);
            assertEquals(1, b.rpc().sendsOf(breach.justice().rawTx().toHex()), "sent once: accepted, then mined: " + b.rpc().broadcasts());
            report.note("penalty irrevocable at height " + irrevocableAt + " (" + ScenarioTower.IRREVOCABLE_DEPTH
                    + " confirmations): appointment forgotten, 1 slot refunded; the other " + (REVOKED_STATES - 1)
                    + " states still being_watched; " + b.rpc().broadcasts().size() + " sendrawtransaction call(s)");
        } finally {
            close(b);
            report.finish();
        }
    }

    // ------------------------------------------------------------------ checks

    /** get_appointment answers dispute_responded with the breach's txids and the raw penalty. */
    static void assertDisputeResponded(TowerUser user, RevokedState s) {
        TowerUser.Reply r = user.get(s.locator());
        assertEquals("dispute_responded", r.appointmentStatus(), r.body());
        JsonNode a = r.json().path("appointment");
        assertEquals(s.commitmentTxid().toDisplayHex(), a.path("dispute_txid").asText(), r.body());
        assertEquals(s.justice().txid().toDisplayHex(), a.path("penalty_txid").asText(), r.body());
        assertEquals(s.justice().rawTx().toHex(), a.path("penalty_rawtx").asText(), r.body());
    }

    /** Every state but {@code except} is still being watched, with the blob the wallet sent. */
    static void assertOthersWatched(TowerUser user, List<RevokedState> states, RevokedState except) {
        for (RevokedState s : states) {
            if (s != except) {
                TowerUser.Reply r = user.get(s.locator());
                assertEquals("being_watched", r.appointmentStatus(), "state " + s.number() + ": " + r.body());
                assertEquals(s.appointment().encryptedBlob().toHex(), r.json().path("appointment").path("encrypted_blob").asText());
            }
        }
    }

    /**
     * The wallet got its money on chain: the justice output (to_local minus the fee) pays the
     * wallet's sweep script, and the commitment's to_remote pays its payment key.
     */
    static void assertWalletPaid(Devnet devnet, DevnetChannel channel, RevokedState s) {
        Transaction justice = s.justiceTx();
        Map<OutPoint, Coin> swept = devnet.onChain(n -> n.utxosPaying(new ByteVector(channel.sweepScript().toArray())));
        Coin sweep = swept.get(new OutPoint(justice.txid, 0));
        assertTrue(sweep != null, "the sweep output is unspent on chain: " + swept.keySet());
        assertEquals(s.justice().sweptSat(), sweep.amountSat());
        assertEquals(s.toLocalSat() - s.justice().feeSat(), sweep.amountSat(), "everything the cheater put at stake, less the fee");
        Map<OutPoint, Coin> toRemote = devnet.onChain(n -> n.utxosPaying(new ByteVector(channel.toRemoteScript().toArray())));
        assertTrue(toRemote.values().stream().anyMatch(c -> c.amountSat() == s.toRemoteSat()), "to_remote paid the wallet");
    }

    static boolean inMempool(Devnet devnet, TxId txid) {
        return devnet.onChain(n -> n.mempool().contains(txid));
    }

    static int height(Devnet devnet) {
        return devnet.onChain(n -> n.height());
    }
}
