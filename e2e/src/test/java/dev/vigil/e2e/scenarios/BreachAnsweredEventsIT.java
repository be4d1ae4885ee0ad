package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.EventPage;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.Devnet;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventType;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.app.Tower;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3 of docs/monitoring.md section 8, by pull: a wallet that monitors its channels through the
 * SDK hears of its breach from the moment the revoked commitment is mined until the justice
 * transaction is irrevocable, in order, every event signed by the tower and checked by the SDK; a
 * restart of the wallet resumes from its acknowledged cursor, and of the tower loses nothing.
 */
class BreachAnsweredEventsIT {
    private static final String LABEL = "breach-events";
    private static final int REPORTED_DEPTH = 3;

    @TempDir
    Path dir;

    private static Map<String, String> flags(Path datadir, Devnet devnet) {
        Map<String, String> f = ScenarioTower.flags(datadir, devnet);
        f.put("monitor-justice-reported-depths", Integer.toString(REPORTED_DEPTH));
        return f;
    }

    /** Pulls until {@code n} new events have come (the SDK drops what it delivered before), and acknowledges them. */
    private static List<SignedEvent> pullUntil(TowerClient client, TowerId tower, int n, List<SignedEvent> log, ScenarioReport report)
            throws Exception {
        List<SignedEvent> got = new ArrayList<>();
        Await.until(n + " more events from the tower", () -> {
            EventPage page = client.pullEvents(tower, 100);
            EventPage.Events events = assertInstanceOf(EventPage.Events.class, page, page::toString);
            assertTrue(events.misbehaviour().isEmpty(), () -> "a bad event: " + events.misbehaviour());
            assertFalse(events.gap());
            got.addAll(events.events());
            return got.size() >= n;
        });
        assertEquals(n, got.size(), () -> "events: " + got);
        for (SignedEvent e : got) {
            report.note("event " + new String(e.wire(), StandardCharsets.UTF_8));
            client.acknowledge(tower, e.event().head().cursor());
        }
        log.addAll(got);
        return got;
    }

    private static List<EventType> types(List<SignedEvent> events) {
        return events.stream().map(e -> e.event().type()).toList();
    }

    @Test
    void aBreachIsToldFromBreachSeenToIrrevocableInOrderAndSurvivesRestarts() throws Exception {
        SdkWallet.onDevnet(dir, "BreachAnsweredEventsIT: a breach answered, told to the wallet by pull", LABEL, (devnet, channel, report) -> {
            RevokedState breach = channel.revokedState(0, SdkWallet.htlcs(LABEL, 0));
            Path walletDir = dir.resolve("wallet");
            Map<String, String> towerFlags = flags(dir.resolve("tower"), devnet);
            int port = SdkWallet.freePort();
            towerFlags.put("api-port", Integer.toString(port));
            List<SignedEvent> log = new ArrayList<>();
            TowerId id;
            try (Tower tower = ScenarioTower.startSynced(towerFlags, dir, devnet); FileRecordLog records = new FileRecordLog(walletDir)) {
                id = tower.towerId();
                TowerClient client = SdkWallet.client(LABEL, records, channel).tower(SdkWallet.endpoint(tower)).build();
                client.register();
                ChannelId channelId = SdkWallet.register(client, channel).id();
                SdkWallet.report(client, channelId, breach);
                assertEquals(new FlushReport.Outcome.Done(), client.flush().of(id).outcome());

                // The first pull enrolls the wallet's user: an empty log, from now on.
                EventPage.Events first = assertInstanceOf(EventPage.Events.class, client.pullEvents(id, 100));
                assertEquals(List.of(), first.events());
                assertEquals(0, first.head());
                report.note("enrolled: head 0 at tower height " + first.towerHeight());

                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                int disputeHeight = devnet.mine(1).get(0).height();
                Await.until("the justice transaction in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, breach.justiceTx().txid));
                List<SignedEvent> seen = pullUntil(client, id, 3, log, report);
                assertEquals(List.of(EventType.BREACH_SEEN, EventType.JUSTICE_BROADCAST, EventType.JUSTICE_IN_MEMPOOL), types(seen));
                MonitorEvent.BreachSeen b = assertInstanceOf(MonitorEvent.BreachSeen.class, seen.get(0).event());
                assertEquals(breach.commitmentTxid(), b.justice().disputeTxid());
                assertEquals(breach.justice().txid(), b.justice().penaltyTxid());
                assertEquals(breach.locator(), b.justice().locator());
                assertEquals(disputeHeight, b.head().height());
                assertEquals(DevnetChannel.TO_SELF_DELAY, b.toSelfDelay());
                assertEquals(disputeHeight + DevnetChannel.TO_SELF_DELAY, b.deadlineHeight());

                int minedAt = devnet.mine(1).get(0).height();
                assertEquals(minedAt, BreachScenariosIT.confirmedAt(devnet, breach.justiceTx().txid));
                MonitorEvent.JusticeConfirmed c = assertInstanceOf(MonitorEvent.JusticeConfirmed.class,
                        pullUntil(client, id, 1, log, report).get(0).event());
                assertEquals(minedAt, c.confirmedHeight());
                assertEquals(1, c.depth());
            }

            // The wallet and the tower restart; the wallet resumes after its acknowledged cursor.
            try (Tower tower = ScenarioTower.startSynced(towerFlags, dir, devnet); FileRecordLog records = new FileRecordLog(walletDir)) {
                TowerClient client = SdkWallet.client(LABEL, records, channel).tower(SdkWallet.endpoint(tower)).build();
                assertEquals(4, client.acknowledgedCursor(id));
                EventPage.Events none = assertInstanceOf(EventPage.Events.class, client.pullEvents(id, 100));
                assertEquals(List.of(), none.events(), "nothing again after the acknowledged cursor");
                assertEquals(4, none.head());
                report.note("after restarts: acknowledged cursor 4, head 4, nothing redelivered");

                devnet.mine(ScenarioTower.IRREVOCABLE_DEPTH - 1);
                List<SignedEvent> rest = pullUntil(client, id, 2, log, report);
                assertEquals(List.of(EventType.JUSTICE_DEPTH, EventType.JUSTICE_IRREVOCABLE), types(rest));
                assertEquals(REPORTED_DEPTH, ((MonitorEvent.JusticeDepth) rest.get(0).event()).depth());
                MonitorEvent.JusticeIrrevocable irrevocable = (MonitorEvent.JusticeIrrevocable) rest.get(1).event();
                assertEquals(ScenarioTower.IRREVOCABLE_DEPTH, irrevocable.depth());
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), log.stream().map(e -> e.event().head().cursor()).toList());
                BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
                report.note("the breach's whole log, cursors 1-6, every event verified against tower " + id);
            }
        });
    }
}
