package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.clientsdk.ChannelStatus;
import dev.vigil.clientsdk.Clock;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RegistrationResult;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerStatus;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.app.Tower;
import fr.acinq.bitcoin.TxId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet's SDK against real towers over real HTTP on the devnet, where delivery meets the
 * chain: a tower that is down while the wallet makes its appointments still gets every one of
 * them once it is back, and two towers answer the same breach with the same penalty (the second
 * send finds it in the mempool); a tower that was down while the other answered finds the penalty
 * already mined (bitcoind's -27) and holds its dispute as answered; and an appointment that
 * arrives after its breach was mined is answered at once from the tower's recent blocks (teos does
 * the same: a late appointment is checked against the last blocks' txids).
 */
class SdkTowersIT {
    /** States 0..8: the devnet channel pays 100,000 sat to the wallet per state out of 1,000,000. */
    private static final int STATES = 9;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aTowerDownWhileAppointmentsAreMadeGetsThemAllWhenBackAndBothTowersAnswerTheBreach() throws Exception {
        String title = "SDK 2. two towers, one down while the wallet makes its appointments";
        SdkWallet.onDevnet(dir, title, "sdk-two-towers", (devnet, channel, report) -> {
            try (RecordingRpcProxy rpcA = RecordingRpcProxy.start(devnet.rpcPort());
                 RecordingRpcProxy rpcB = RecordingRpcProxy.start(devnet.rpcPort())) {
                List<RevokedState> states = new ArrayList<>();
                for (int n = 0; n < STATES; n++) {
                    // Some states carry HTLCs: each adds one second-stage appointment per HTLC.
                    states.add(n % 3 == 1 ? channel.revokedState(n, SdkWallet.htlcs("sdk-two-towers", n)) : channel.revokedState(n));
                }
                Map<String, String> flagsB = flagsOfB(devnet, rpcB);
                try (Tower a = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower-a"), devnet, rpcA.hostPort()), dir, devnet)) {
                    TowerId idA = a.towerId();
                    TowerId idB;
                    AtomicLong now = new AtomicLong(System.currentTimeMillis());
                    TowerClient client;
                    try (Tower b = ScenarioTower.startSynced(flagsB, dir, devnet)) {
                        idB = b.towerId();
                        client = twoTowers("sdk-two-towers", channel, a, b, now::get);
                        client.register().values().forEach(r -> assertInstanceOf(RegistrationResult.Registered.class, r, r::toString));
                    }
                    ChannelId id = SdkWallet.register(client, channel).id();
                    report.note("towers A " + idA.toHex() + " and B " + idB.toHex() + " registered; B stopped (port "
                            + flagsB.get("api-port") + ")");

                    // While B is down, the wallet reports every revoked state and flushes.
                    List<Locator> locators = new ArrayList<>();
                    for (RevokedState s : states) {
                        RevocationResult.Queued q = SdkWallet.report(client, id, s);
                        assertEquals(List.of(idA, idB), q.enqueued().queuedFor(), "queued for both towers, B down or not");
                        locators.addAll(SdkWallet.locators(q));
                    }
                    int total = locators.size();
                    assertEquals(STATES + 2 * (STATES / 3), total, "one per state, one more per HTLC");
                    FlushReport first = client.flush();
                    assertEquals(new FlushReport.TowerFlush(idA, total, 0, new FlushReport.Outcome.Done()), first.of(idA));
                    FlushReport.TowerFlush failedB = first.of(idB);
                    assertEquals(0, failedB.delivered());
                    assertEquals(total, failedB.stillPending());
                    var retry = assertInstanceOf(FlushReport.Outcome.RetryLater.class, failedB.outcome(), failedB::toString);
                    assertTrue(retry.notBeforeMillis() > now.get(), "B backs off: " + retry);
                    TowerStatus statusB = client.status(idB);
                    assertEquals(total, statusB.pending());
                    assertEquals(1, statusB.failures());
                    assertEquals(retry.notBeforeMillis(), statusB.notBeforeMillis());
                    assertEquals(total, client.pending(idB).size());
                    report.note(total + " appointments for " + STATES + " states: A has them all; B: " + retry.reason());

                    // Within the backoff, a flush does not even try B.
                    var waiting = assertInstanceOf(FlushReport.Outcome.NotContacted.class, client.flush().of(idB).outcome());
                    assertTrue(waiting.why().startsWith("backing off"), waiting.why());

                    // B comes back on the same datadir and port; once the backoff has passed, it gets everything.
                    try (Tower back = ScenarioTower.startSynced(flagsB, dir, devnet)) {
                        assertEquals(idB, back.towerId(), "same key, same store");
                        now.set(retry.notBeforeMillis());
                        FlushReport second = client.flush();
                        assertEquals(new FlushReport.TowerFlush(idA, 0, 0, new FlushReport.Outcome.Done()), second.of(idA));
                        assertEquals(new FlushReport.TowerFlush(idB, total, 0, new FlushReport.Outcome.Done()), second.of(idB));
                        assertEquals(0, client.status(idB).failures(), "the backoff is reset once B answers");
                        for (Locator l : locators) {
                            SdkWallet.assertWatched(client, idA, l);
                            SdkWallet.assertWatched(client, idB, l);
                        }
                        ChannelStatus cs = client.channelStatus(id).orElseThrow();
                        assertEquals(List.of(new ChannelStatus.PerTower(idA, total, 0, 0), new ChannelStatus.PerTower(idB, total, 0, 0)),
                                cs.towers());
                        assertEquals(STATES, cs.channel().revocations());
                        assertEquals(STATES - 1, cs.channel().highestRevokedNumber());
                        report.note("B back: " + total + " receipts from each tower, every locator being_watched on both");

                        // The cheater publishes a revoked state with HTLCs: both towers answer it.
                        RevokedState breach = states.get(4);
                        String penalty = breach.justice().rawTx().toHex();
                        TxId penaltyId = breach.justiceTx().txid;
                        assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                        int breachHeight = devnet.mine(1).get(0).height();
                        Await.until("the justice transaction in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, penaltyId));
                        Await.until("both towers to send the penalty", () -> rpcA.sendsOf(penalty) >= 1 && rpcB.sendsOf(penalty) >= 1);
                        List<RecordingRpcProxy.Broadcast> sends = new ArrayList<>(rpcA.broadcasts());
                        sends.addAll(rpcB.broadcasts());
                        assertTrue(sends.stream().allMatch(x -> x.rawTxHex().equals(penalty)), "only the breached state's penalty: " + sends);
                        sends.sort((x, y) -> Long.compare(x.nanos(), y.nanos()));
                        // The first answer put it in the mempool: bitcoind returns its txid. The second
                        // finds it there: bitcoind's BroadcastTransaction answers a transaction already in
                        // its mempool with its txid too (the devnet does the same), and one already mined
                        // with -27 "Transaction outputs already in utxo set"; a -26 txn-already-known or
                        // txn-already-in-mempool is the same thing. Either way the tower holds its dispute as answered.
                        assertEquals(penaltyId.toString(), JSON.readTree(sends.get(0).answer()).path("result").asText(), sends.get(0).answer());
                        for (RecordingRpcProxy.Broadcast later : sends.subList(1, sends.size())) {
                            assertTrue(alreadyThere(JSON.readTree(later.answer()), penaltyId), "an already-there answer: " + later.answer());
                        }
                        SdkWallet.assertResponded(client, idA, breach);
                        SdkWallet.assertResponded(client, idB, breach);
                        report.note("breach " + breach.commitmentTxid() + " mined at height " + breachHeight + "; penalty sends, in order: "
                                + sends.stream().map(RecordingRpcProxy.Broadcast::answer).toList());

                        int minedAt = devnet.mine(1).get(0).height();
                        assertEquals(minedAt, BreachScenariosIT.confirmedAt(devnet, penaltyId));
                        BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
                        SdkWallet.assertResponded(client, idA, breach);
                        SdkWallet.assertResponded(client, idB, breach);
                        for (Locator l : locators) {
                            if (!l.equals(breach.locator())) {
                                SdkWallet.assertWatched(client, idA, l);
                                SdkWallet.assertWatched(client, idB, l);
                            }
                        }
                        report.note("penalty " + penaltyId + " mined at height " + minedAt + "; the wallet is paid "
                                + breach.justice().sweptSat() + " sat");
                    }
                }
            }
        });
    }

    /** B must come back on the same URL: a fixed port, and its own datadir (its key, its store). */
    private Map<String, String> flagsOfB(Devnet devnet, RecordingRpcProxy rpcB) {
        Map<String, String> flags = ScenarioTower.flags(dir.resolve("tower-b"), devnet, rpcB.hostPort());
        flags.put("api-port", Integer.toString(SdkWallet.freePort()));
        return flags;
    }

    /** The wallet's client of towers A and B, in that order. */
    private TowerClient twoTowers(String label, DevnetChannel channel, Tower a, Tower b, Clock clock) throws IOException {
        return SdkWallet.client(label, new FileRecordLog(dir.resolve("wallet")), channel)
                .tower(SdkWallet.endpoint(a)).tower(SdkWallet.endpoint(b))
                .clock(clock)
                .build();
    }

    @Test
    void aTowerThatWasDownWhenTheOtherAnsweredFindsThePenaltyAlreadyMinedAndHoldsItsDisputeAnswered() throws Exception {
        String title = "SDK 2b. two towers, one down while the other answers the breach";
        SdkWallet.onDevnet(dir, title, "sdk-lagging-tower", (devnet, channel, report) -> {
            RevokedState breach = channel.revokedState(3, SdkWallet.htlcs("sdk-lagging-tower", 3));
            String penalty = breach.justice().rawTx().toHex();
            TxId penaltyId = breach.justiceTx().txid;
            try (RecordingRpcProxy rpcA = RecordingRpcProxy.start(devnet.rpcPort());
                 RecordingRpcProxy rpcB = RecordingRpcProxy.start(devnet.rpcPort())) {
                Map<String, String> flagsB = flagsOfB(devnet, rpcB);
                try (Tower a = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower-a"), devnet, rpcA.hostPort()), dir, devnet)) {
                    TowerClient client;
                    TowerId idB;
                    try (Tower b = ScenarioTower.startSynced(flagsB, dir, devnet)) {
                        idB = b.towerId();
                        client = twoTowers("sdk-lagging-tower", channel, a, b, Clock.SYSTEM);
                        ChannelId id = SdkWallet.register(client, channel).id();
                        int appointments = SdkWallet.locators(SdkWallet.report(client, id, breach)).size();
                        FlushReport flushed = client.flush();
                        assertEquals(new FlushReport.TowerFlush(a.towerId(), appointments, 0, new FlushReport.Outcome.Done()),
                                flushed.of(a.towerId()));
                        assertEquals(new FlushReport.TowerFlush(idB, appointments, 0, new FlushReport.Outcome.Done()), flushed.of(idB));
                    }

                    // B is down: A alone answers the breach, and its penalty is mined.
                    assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                    int breachHeight = devnet.mine(1).get(0).height();
                    Await.until("A's justice transaction in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, penaltyId));
                    int minedAt = devnet.mine(1).get(0).height();
                    assertEquals(minedAt, BreachScenariosIT.confirmedAt(devnet, penaltyId));
                    assertEquals(List.of(), rpcB.broadcasts());
                    report.note("breach mined at height " + breachHeight + " and A's penalty at " + minedAt + " while B was down");

                    // B comes back, finds the breach in the blocks it missed and sends the same penalty:
                    // bitcoind answers -27, already in the UTXO set, and B holds its dispute as answered.
                    try (Tower back = ScenarioTower.startSynced(flagsB, dir, devnet)) {
                        assertEquals(idB, back.towerId());
                        Await.until("B to send the penalty", () -> rpcB.sendsOf(penalty) >= 1);
                        RecordingRpcProxy.Broadcast sent = rpcB.broadcasts().get(0);
                        assertEquals(penalty, sent.rawTxHex());
                        assertEquals(-27, JSON.readTree(sent.answer()).path("error").path("code").asInt(), sent.answer());
                        assertEquals(1, rpcA.sendsOf(penalty), "A sent it once: accepted, then mined");
                        SdkWallet.assertResponded(client, a.towerId(), breach);
                        SdkWallet.assertResponded(client, idB, breach);
                        BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
                        report.note("B back: its penalty send was answered " + sent.answer() + "; both report dispute_responded");
                    }
                }
            }
        });
    }

    /** bitcoind's answers for a transaction it already has: its txid, -27, or a -26 already-known. */
    private static boolean alreadyThere(JsonNode answer, TxId txid) {
        if (txid.toString().equals(answer.path("result").asText())) {
            return true;
        }
        int code = answer.path("error").path("code").asInt();
        String message = answer.path("error").path("message").asText();
        return code == -27 || (code == -26 && (message.contains("txn-already-known") || message.contains("txn-already-in-mempool")));
    }

    @Test
    void anAppointmentThatArrivesAfterItsBreachWasMinedIsAnsweredAtOnce() throws Exception {
        SdkWallet.onDevnet(dir, "SDK 4. breach mined before the appointment arrives", "sdk-late-appointment", (devnet, channel, report) -> {
            RevokedState breach = channel.revokedState(2, SdkWallet.htlcs("sdk-late-appointment", 2));
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                TowerClient client = SdkWallet.client("sdk-late-appointment", new FileRecordLog(dir.resolve("wallet")), channel)
                        .tower(SdkWallet.endpoint(tower))
                        .build();
                ChannelId id = SdkWallet.register(client, channel).id();

                // The cheater publishes the state the wallet is about to revoke; it is mined, and one more block.
                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                int breachHeight = devnet.mine(1).get(0).height();
                devnet.mine(1);
                ScenarioTower.awaitSynced(tower, devnet);
                TxId penaltyId = breach.justiceTx().txid;
                assertTrue(!BreachScenariosIT.inMempool(devnet, penaltyId), "no tower knows of the breach yet");
                report.note("breach " + breach.commitmentTxid() + " mined at height " + breachHeight + ", tower at " + tower.tipHeight());

                // Then the wallet reports the revocation and flushes.
                RevocationResult.Queued q = SdkWallet.report(client, id, breach);
                List<Locator> locators = SdkWallet.locators(q);
                long flushedAt = System.nanoTime();
                assertEquals(new FlushReport.TowerFlush(tower.towerId(), locators.size(), 0, new FlushReport.Outcome.Done()),
                        client.flush().of(tower.towerId()));
                Await.until("the justice transaction in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, penaltyId));
                assertEquals(breachHeight + 1, BreachScenariosIT.height(devnet), "answered at once, not at the next block");
                report.note(String.format(java.util.Locale.ROOT,
                        "late appointment accepted at height %d; justice %s in the mempool %.0f ms after the flush began",
                        SdkWallet.onlyReceipt(client, tower.towerId(), breach.locator()).startBlock(), penaltyId,
                        (System.nanoTime() - flushedAt) / 1e6));
                SdkWallet.assertResponded(client, tower.towerId(), breach);
                // The second-stage appointments wait: the cheater has not published its HTLC transactions.
                for (Locator l : locators.subList(1, locators.size())) {
                    SdkWallet.assertWatched(client, tower.towerId(), l);
                }

                int minedAt = devnet.mine(1).get(0).height();
                assertEquals(minedAt, BreachScenariosIT.confirmedAt(devnet, penaltyId));
                BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
                SdkWallet.assertResponded(client, tower.towerId(), breach);
                report.note("justice mined at height " + minedAt + ", sweeping to_local and " + breach.htlcs().size() + " HTLC outputs");
            }
        });
    }
}
