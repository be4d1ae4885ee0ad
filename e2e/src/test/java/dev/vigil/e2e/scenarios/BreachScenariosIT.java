package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.Coin;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.testsupport.LogCapture;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerserver.app.Tower;
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
class BreachScenariosIT {
    /** States 0..3 are revoked (the wallet holds their secrets); the channel is at state 4. */
    private static final int REVOKED_STATES = 4;
    private static final long SLOTS = 10_000; // vigil.conf's subscription.slots; each appointment here takes 1

    @TempDir
    Path dir;

    /**
     * What a scenario runs on: a devnet, a funded channel with its revoked states, a recording RPC
     * proxy in front of the devnet, and the scenario's report.
     */
    private record Bench(Path dir, Devnet devnet, RecordingRpcProxy rpc, DevnetChannel channel, List<RevokedState> states,
            ScenarioReport report) {
        Map<String, String> towerFlags(boolean throughProxy) {
            return throughProxy ? ScenarioTower.flags(dir.resolve("tower"), devnet, rpc.hostPort())
                    : ScenarioTower.flags(dir.resolve("tower"), devnet);
        }

        Tower startTower(boolean throughProxy) throws java.io.IOException {
            return ScenarioTower.startSynced(towerFlags(throughProxy), dir, devnet);
        }
    }

    private interface ScenarioBody {
        void run(Bench b) throws Exception;
    }

    /** Runs {@code body} on a fresh bench, then closes it and writes the report, pass or fail. */
    private void scenario(String title, String label, ScenarioBody body) throws Exception {
        ScenarioReport report = new ScenarioReport(title);
        Bench b = bench(label, report);
        try {
            body.run(b);
        } finally {
            try {
                b.rpc().close();
            } finally {
                b.devnet().close();
                report.finish();
            }
        }
    }

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
            return new Bench(dir, devnet, rpc, channel, states, report);
        } catch (Exception | Error e) {
            if (rpc != null) {
                rpc.close();
            }
            devnet.close();
            throw e;
        }
    }

    /** Registers the scenario's user and hands the tower an appointment for every revoked state. */
    private static TowerUser watchAll(Tower tower, Bench b, String label) {
        TowerUser user = new TowerUser(tower.apiPort(), label);
        user.register().assertOk();
        b.states().forEach(s -> user.addAccepted(s.appointment()));
        return user;
    }

    /** Mines the justice transaction waiting in the mempool, checks the wallet got paid, returns the height. */
    private static int mineJustice(Bench b, RevokedState breach) {
        int minedAt = b.devnet().mine(1).get(0).height();
        assertEquals(minedAt, confirmedAt(b.devnet(), breach.justiceTx().txid), "the justice transaction is in the new block");
        assertWalletPaid(b.devnet(), b.channel(), breach);
        return minedAt;
    }

    // ------------------------------------------------------------------ scenario 1

    @Test
    void aRevokedCommitmentMinedOnTheDevnetIsAnsweredAndTrackedToIrrevocable() throws Exception {
        scenario("1. breach end to end", "scenario-1", b -> {
            ScenarioReport report = b.report();
            try (LogCapture log = LogCapture.of("dev.vigil", java.util.logging.Level.INFO); Tower tower = b.startTower(true)) {
                Devnet devnet = b.devnet();
                TowerUser user = watchAll(tower, b, "scenario-1");
                report.note("tower " + tower.towerId().toHex() + " synced at height " + tower.tipHeight() + "; " + REVOKED_STATES
                        + " appointments accepted over HTTP");

                // The cheater publishes state 1, as a node relays it: mempool first, then a block.
                RevokedState breach = b.states().get(1);
                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                long sentAt = System.nanoTime();
                Devnet.MinedBlock breachBlock = devnet.mine(1).get(0);
                int breachHeight = breachBlock.height();
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

                int justiceHeight = mineJustice(b, breach);
                report.note("justice mined at height " + justiceHeight);

                // The operator's log (docs/operations.md, "Logs"): the breach block's line, the breach
                // with every id an operator needs, and the justice's states.
                String blockLine = "block " + breachHeight + " " + breachBlock.hash() + ": " + breachBlock.block().tx.size()
                        + " txs, 1 breach, ";
                Await.until("the breach block's log line", () -> !log.messages(java.util.logging.Level.INFO, blockLine).isEmpty());
                String line = log.messages(java.util.logging.Level.INFO, blockLine).get(0);
                assertTrue(line.matches(java.util.regex.Pattern.quote(blockLine) + "\\d+ ms"), line);
                assertEquals(List.of("breach: dispute " + breach.commitmentTxid().toDisplayHex() + " at height " + breachHeight
                        + " matches locator " + breach.locator().toHex() + " of user " + user.id().toHex()
                        + "; broadcasting penalty " + justiceId), log.messages(java.util.logging.Level.WARNING, "breach: "));
                Await.until("the justice's confirmation in the log", () -> !log.messages(java.util.logging.Level.INFO,
                        "penalty " + justiceId + " confirmed at height " + justiceHeight + " (depth 1 of "
                                + ScenarioTower.IRREVOCABLE_DEPTH + ")").isEmpty());
                assertEquals(1, log.messages(java.util.logging.Level.INFO, "penalty " + justiceId + " for dispute "
                        + breach.commitmentTxid().toDisplayHex() + " is in bitcoind's mempool").size());

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
                Await.until("the irrevocable justice in the log", () -> !log.messages(java.util.logging.Level.INFO,
                        "penalty " + justiceId + " is irrevocable (" + ScenarioTower.IRREVOCABLE_DEPTH + " confirmations)").isEmpty());
                report.note("log: " + line + "; " + log.messages(java.util.logging.Level.WARNING, "breach: ").get(0));
                report.note("penalty irrevocable at height " + irrevocableAt + " (" + ScenarioTower.IRREVOCABLE_DEPTH
                        + " confirmations): appointment forgotten, 1 slot refunded; the other " + (REVOKED_STATES - 1)
                        + " states still being_watched; " + b.rpc().broadcasts().size() + " sendrawtransaction call(s)");
            }
        });
    }

    // ------------------------------------------------------------------ scenario 2

    @Test
    void aReorgThatRemovesTheBreachMakesTheTowerResendTheDisputeThenThePenalty() throws Exception {
        scenario("2. reorg removing the breach block", "scenario-2", b -> {
            ScenarioReport report = b.report();
            try (Tower tower = b.startTower(true)) {
                Devnet devnet = b.devnet();
                TowerUser user = watchAll(tower, b, "scenario-2");
                RevokedState breach = b.states().get(0);
                String dispute = breach.commitmentRaw().toHex();
                String penalty = breach.justice().rawTx().toHex();
                TxId disputeId = breach.commitment().txid;
                TxId penaltyId = breach.justiceTx().txid;

                Devnet.MinedBlock breachBlock = mineExactly(devnet, List.of(breach.commitment()));
                Await.until("the justice transaction in the devnet mempool", () -> inMempool(devnet, penaltyId));
                int penaltyHeight = devnet.mine(1).get(0).height();
                assertEquals(penaltyHeight, confirmedAt(devnet, penaltyId));
                ScenarioTower.awaitSynced(tower, devnet);
                report.note("breach " + breach.commitmentTxid() + " mined at height " + breachBlock.height() + " in " + breachBlock.hash()
                        + ", penalty " + penaltyId + " at " + penaltyHeight);

                // invalidateblock on the breach block, then a longer branch of empty blocks: the new
                // chain holds neither the dispute nor the penalty.
                int mark = b.rpc().broadcasts().size();
                long reorgAt = System.nanoTime();
                assertTrue(devnet.invalidate(breachBlock.hash()));
                List<Devnet.MinedBlock> branch = List.of(mineExactly(devnet, List.of()), mineExactly(devnet, List.of()),
                        mineExactly(devnet, List.of()));
                int branchTip = branch.get(branch.size() - 1).height();
                assertTrue(branchTip > penaltyHeight, "the new branch is longer than the one it replaced");
                assertTrue(devnet.<Boolean>onChain(n -> n.confirmed(disputeId).isEmpty() && n.confirmed(penaltyId).isEmpty()),
                        "the new branch holds neither transaction");
                report.note("invalidated " + breachBlock.hash() + "; new branch of " + branch.size() + " empty blocks up to height " + branchTip);

                // DESIGN §4: re-send the dispute first, then the penalty. The devnet, like bitcoind, also
                // returns both to its mempool, so the proof is what the tower itself sent (the proxy).
                Await.until("the tower to re-send the dispute, then the penalty",
                        () -> resentInOrder(b.rpc().broadcasts().subList(mark, b.rpc().broadcasts().size()), dispute, penalty));
                report.note(String.format(java.util.Locale.ROOT, "tower re-sent dispute then penalty %.0f ms after the invalidation; sends since: %s",
                        (System.nanoTime() - reorgAt) / 1e6, describe(b.rpc().broadcasts().subList(mark, b.rpc().broadcasts().size()), dispute, penalty)));
                ScenarioTower.awaitSynced(tower, devnet);
                assertDisputeResponded(user, breach); // still tracked while the dispute is off the chain
                assertTrue(inMempool(devnet, disputeId) && inMempool(devnet, penaltyId), "both wait in the mempool");

                int reminedAt = devnet.mine(1).get(0).height();
                assertEquals(reminedAt, confirmedAt(devnet, disputeId), "dispute confirmed on the new branch");
                assertEquals(reminedAt, confirmedAt(devnet, penaltyId), "penalty confirmed on the new branch");
                assertWalletPaid(devnet, b.channel(), breach);
                report.note("dispute and penalty both mined at height " + reminedAt + " on the new branch");

                devnet.mine(ScenarioTower.IRREVOCABLE_DEPTH - 1);
                ScenarioTower.awaitSynced(tower, devnet);
                Await.until("the tracker to be forgotten once the penalty is irrevocable on the new branch",
                        () -> user.subscriptionInfo().json().path("available_slots").asLong() == SLOTS - REVOKED_STATES + 1);
                user.get(breach.locator()).assertError(404, ErrorCode.APPOINTMENT_NOT_FOUND);
                report.note("penalty irrevocable at height " + height(devnet) + ": forgotten, slot refunded");
            }
        });
    }

    /** Whether {@code sends} holds the dispute and, after it, the penalty. */
    private static boolean resentInOrder(List<RecordingRpcProxy.Broadcast> sends, String dispute, String penalty) {
        int first = -1;
        for (int i = 0; i < sends.size(); i++) {
            if (first < 0 && sends.get(i).rawTxHex().equals(dispute)) {
                first = i;
            } else if (first >= 0 && sends.get(i).rawTxHex().equals(penalty)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(List<RecordingRpcProxy.Broadcast> sends, String dispute, String penalty) {
        return sends.stream().map(x -> (x.rawTxHex().equals(dispute) ? "dispute" : x.rawTxHex().equals(penalty) ? "penalty" : "other")
                + " -> " + x.answer()).toList().toString();
    }

    // ------------------------------------------------------------------ scenario 3

    @Test
    void aTowerStoppedWhileTheBreachIsMinedAnswersItWhenRestartedFiftyBlocksLater() throws Exception {
        scenario("3. tower stopped while the breach is mined, restarted 50 blocks later", "scenario-3", b -> {
            ScenarioReport report = b.report();
                Devnet devnet = b.devnet();
                Map<String, String> flags = b.towerFlags(true);
                String towerId;
                try (Tower first = ScenarioTower.startSynced(flags, dir, devnet)) {
                    watchAll(first, b, "scenario-3");
                    towerId = first.towerId().toHex();
                    report.note("appointments accepted; tower stopped at height " + first.tipHeight());
                }

                RevokedState breach = b.states().get(2);
                int breachHeight = mineExactly(devnet, List.of(breach.commitment())).height();
                devnet.mine(50);
                // BOLT 3: the cheater's to_local waits to_self_delay blocks (CSV); 51 < 144, so it is
                // still there for the tower to take.
                assertTrue(DevnetChannel.TO_SELF_DELAY > 51);
                assertTrue(devnet.<Boolean>onChain(n -> n.utxo(breach.toLocalOutPoint()).isPresent()), "to_local unspent");
                assertEquals(List.of(), b.rpc().broadcasts(), "nothing was sent while the tower was down");
                report.note("breach " + breach.commitmentTxid() + " mined at height " + breachHeight + ", then 50 blocks up to " + height(devnet));

                long restartAt = System.nanoTime();
                try (Tower second = ScenarioTower.start(flags, dir)) {
                    assertEquals(towerId, second.towerId().toHex(), "same key, same store");
                    TxId penaltyId = breach.justiceTx().txid;
                    Await.until("the restarted tower to catch up and broadcast the justice transaction", () -> inMempool(devnet, penaltyId));
                    report.note(String.format(java.util.Locale.ROOT, "restarted tower caught up 51 blocks and broadcast justice %s in %.0f ms",
                            penaltyId, (System.nanoTime() - restartAt) / 1e6));
                    ScenarioTower.awaitSynced(second, devnet);
                    TowerUser user = new TowerUser(second.apiPort(), "scenario-3");
                    assertDisputeResponded(user, breach);
                    assertOthersWatched(user, b.states(), breach); // the appointments survived the restart
                    int minedAt = mineJustice(b, breach);
                    report.note("justice mined at height " + minedAt + ", " + (minedAt - breachHeight) + " blocks after the breach");
                }
        });
    }

    // ------------------------------------------------------------------ scenario 3b

    @Test
    void aTowerRestartedWhileAnsweringABreachResumesFromItsStoredTracker() throws Exception {
        scenario("3b. tower restarted while a breach is being answered", "scenario-3b", b -> {
            ScenarioReport report = b.report();
            Devnet devnet = b.devnet();
            Map<String, String> flags = b.towerFlags(true);
            RevokedState breach = b.states().get(3);
            TxId penaltyId = breach.justiceTx().txid;
            try (Tower first = ScenarioTower.startSynced(flags, dir, devnet)) {
                watchAll(first, b, "scenario-3b");
                mineExactly(devnet, List.of(breach.commitment()));
                Await.until("the justice transaction in the devnet mempool", () -> inMempool(devnet, penaltyId));
                report.note("breach answered (justice " + penaltyId + " in the mempool); tower stopped at height " + first.tipHeight());
            }
            long sendsBefore = b.rpc().sendsOf(breach.justice().rawTx().toHex());

            try (Tower second = ScenarioTower.startSynced(flags, dir, devnet)) {
                TowerUser user = new TowerUser(second.apiPort(), "scenario-3b");
                // The tracker came back from the store: the breach is still reported as answered.
                assertDisputeResponded(user, breach);
                int minedAt = mineJustice(b, breach);
                devnet.mine(ScenarioTower.IRREVOCABLE_DEPTH - 1);
                ScenarioTower.awaitSynced(second, devnet);
                Await.until("the tracker to be forgotten and its slot refunded",
                        () -> user.subscriptionInfo().json().path("available_slots").asLong() == SLOTS - REVOKED_STATES + 1);
                user.get(breach.locator()).assertError(404, ErrorCode.APPOINTMENT_NOT_FOUND);
                report.note("after the restart: justice mined at height " + minedAt + ", irrevocable at " + height(devnet)
                        + ", slot refunded; justice sent " + sendsBefore + " time(s) before the restart and "
                        + (b.rpc().sendsOf(breach.justice().rawTx().toHex()) - sendsBefore) + " after");
            }
        });
    }

    // ------------------------------------------------------------------ scenario 4

    @Test
    void whileBitcoindIsUnreachableTheApiAnswers503AndTheBreachIsAnsweredOnceItIsBack() throws Exception {
        scenario("4. bitcoind (devnet RPC) unreachable for a while", "scenario-4", b -> {
            ScenarioReport report = b.report();
            // Straight to the devnet, no proxy: the tower must see the refused connections themselves.
            try (Tower tower = b.startTower(false)) {
                Devnet devnet = b.devnet();
                TowerUser user = watchAll(tower, b, "scenario-4");
                RevokedState breach = b.states().get(3);

                long downAt = System.nanoTime();
                devnet.stopRpc();
                Await.until("the API to answer 503 once the tower notices", () -> user.subscriptionInfo().status() == 503);
                report.note(String.format(java.util.Locale.ROOT, "RPC stopped; the API answers 503 after %.0f ms (1 s poll + the RPC client's retries)",
                        (System.nanoTime() - downAt) / 1e6));
                // Every request that needs the chain is refused (DESIGN §3: no promise the tower cannot keep).
                user.subscriptionInfo().assertError(503, ErrorCode.SERVICE_UNAVAILABLE);
                user.register().assertError(503, ErrorCode.SERVICE_UNAVAILABLE);
                user.add(breach.appointment()).assertError(503, ErrorCode.SERVICE_UNAVAILABLE);
                user.get(breach.locator()).assertError(503, ErrorCode.SERVICE_UNAVAILABLE);
                assertTrue(!tower.nodeReachable());

                int breachHeight = mineExactly(devnet, List.of(breach.commitment())).height();
                devnet.mine(2);
                report.note("breach " + breach.commitmentTxid() + " mined at height " + breachHeight + " while RPC is down; tip " + height(devnet));

                long upAt = System.nanoTime();
                devnet.startRpc();
                TxId penaltyId = breach.justiceTx().txid;
                Await.until("the tower to catch up and broadcast the justice transaction", () -> inMempool(devnet, penaltyId));
                report.note(String.format(java.util.Locale.ROOT, "RPC back; justice %s in the mempool %.0f ms later", penaltyId,
                        (System.nanoTime() - upAt) / 1e6));
                ScenarioTower.awaitSynced(tower, devnet);
                assertDisputeResponded(user, breach);
                assertOthersWatched(user, b.states(), breach);
                int minedAt = mineJustice(b, breach);
                report.note("justice mined at height " + minedAt);
            }
        });
    }

    // ------------------------------------------------------------------ checks

    /** Mines one block with exactly {@code txs} (generateblock): the test decides what the block holds. */
    static Devnet.MinedBlock mineExactly(Devnet devnet, List<Transaction> txs) {
        Devnet.BlockResult r = devnet.mineWith(txs);
        return assertInstanceOf(Devnet.BlockResult.Mined.class, r, r::toString).block();
    }

    /** The height of the active-chain block that holds {@code txid}, or -1. */
    static int confirmedAt(Devnet devnet, TxId txid) {
        return devnet.onChain(n -> n.confirmed(txid).map(l -> l.block().height()).orElse(-1));
    }

    // ------------------------------------------------------------------ scenario 6

    @Test
    void aBreachWithHtlcsInFlightIsAnsweredByOneJusticeTransactionSweepingEveryOutput() throws Exception {
        scenario("6. breach with HTLCs in flight", "scenario-6", b -> {
            ScenarioReport report = b.report();
            Devnet devnet = b.devnet();
            // One HTLC the wallet is paying (received by the cheater) and one it is being paid
            // (offered by the cheater), as the cheater's revoked commitment holds them.
            List<Htlc> htlcs = List.of(
                    new Htlc(Htlc.Direction.RECEIVED, 30_000_000, Bytes.of(Hashes.sha256("scenario-6/paid".getBytes(UTF_8))), 900),
                    new Htlc(Htlc.Direction.OFFERED, 20_000_000, Bytes.of(Hashes.sha256("scenario-6/paying".getBytes(UTF_8))), 0));
            RevokedState breach = b.channel().revokedState(REVOKED_STATES, htlcs);
            report.note(breach.describe());
            try (Tower tower = b.startTower(true)) {
                TowerUser user = new TowerUser(tower.apiPort(), "scenario-6");
                user.register().assertOk();
                user.addAccepted(breach.appointment());

                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                int breachHeight = devnet.mine(1).get(0).height();
                for (Htlc h : htlcs) {
                    assertEquals(1, unspentPaying(devnet, b.channel().htlcScriptPubKey(REVOKED_STATES, h)).size(), "HTLC output on chain");
                }
                TxId justiceId = breach.justiceTx().txid;
                Await.until("the justice transaction in the devnet mempool", () -> inMempool(devnet, justiceId));
                assertDisputeResponded(user, breach);
                // One transaction spends to_local and both HTLC outputs of the commitment.
                List<OutPoint> spent = breach.justiceTx().txIn.stream().map(in -> in.outPoint).toList();
                assertEquals(3, spent.size());
                assertTrue(spent.stream().allMatch(o -> o.txid.equals(breach.commitment().txid)), "all inputs spend the commitment");
                mineJustice(b, breach);
                for (Htlc h : htlcs) {
                    assertEquals(Map.of(), unspentPaying(devnet, b.channel().htlcScriptPubKey(REVOKED_STATES, h)),
                            "the HTLC output is swept");
                }
                report.note("commitment with " + htlcs.size() + " HTLCs mined at height " + breachHeight + "; justice "
                        + justiceId + " swept to_local and both HTLC outputs (" + breach.stakeSat() + " sat at stake, "
                        + breach.justice().sweptSat() + " sat to the wallet) in one transaction");
            }
        });
    }

    static Map<OutPoint, Coin> unspentPaying(Devnet devnet, Bytes scriptPubKey) {
        return devnet.onChain(n -> n.utxosPaying(new ByteVector(scriptPubKey.toArray())));
    }

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
        assertEquals(s.stakeSat() - s.justice().feeSat(), sweep.amountSat(), "everything the cheater put at stake, less the fee");
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
