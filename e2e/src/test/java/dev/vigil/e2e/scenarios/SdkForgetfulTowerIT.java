package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.ChannelStatus;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerserver.app.Tower;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tower that signs receipts and then forgets the appointments ({@link ForgetfulTower}, over real
 * HTTP) beside an honest one: the SDK accepts its receipts (they verify), finds out when the tower
 * answers {@code not_found} for an appointment it signed for, keeps that receipt as proof (a third
 * party can check it: the tower's signature over the wallet's signed appointment), and gives that
 * tower nothing more, while the honest tower keeps getting every appointment; all of it survives a
 * restart of the wallet.
 */
class SdkForgetfulTowerIT {
    private static final String LABEL = "sdk-forgetful";

    @TempDir
    Path dir;

    @Test
    void aTowerThatForgetsWhatItSignedForIsMisbehavingWithItsReceiptAsProof() throws Exception {
        SdkWallet.onDevnet(dir, "SDK 5. a tower that signs receipts and forgets the appointments", LABEL, (devnet, channel, report) -> {
            List<RevokedState> states = List.of(channel.revokedState(0), channel.revokedState(1), channel.revokedState(2));
            try (Tower honest = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet);
                 ForgetfulTower forgetful = ForgetfulTower.start(LABEL, honest.tipHeight())) {
                TowerId good = honest.towerId();
                TowerId bad = forgetful.id();
                Path walletDir = dir.resolve("wallet");
                Misbehaviour found;
                try (FileRecordLog log = new FileRecordLog(walletDir)) {
                    TowerClient client = SdkWallet.client(LABEL, log, channel)
                            .tower(SdkWallet.endpoint(honest)).tower(forgetful.endpoint())
                            .build();
                    ChannelId id = SdkWallet.register(client, channel).id();
                    for (RevokedState s : states.subList(0, 2)) {
                        assertEquals(List.of(good, bad), SdkWallet.report(client, id, s).enqueued().queuedFor());
                    }

                    // Both towers take both appointments, with receipts that verify: nothing to tell them apart yet.
                    FlushReport first = client.flush();
                    assertEquals(new FlushReport.TowerFlush(good, 2, 0, new FlushReport.Outcome.Done()), first.of(good));
                    assertEquals(new FlushReport.TowerFlush(bad, 2, 0, new FlushReport.Outcome.Done()), first.of(bad));
                    for (RevokedState s : states.subList(0, 2)) {
                        SdkWallet.onlyReceipt(client, bad, s.locator());
                        SdkWallet.assertWatched(client, good, s.locator());
                    }
                    assertEquals(Optional.empty(), client.status(bad).misbehaviour());
                    report.note("honest tower " + good.toHex() + " and forgetful tower " + bad.toHex()
                            + " each signed 2 receipts that verify");

                    // The wallet checks on its appointment: the tower that signed for it says not_found.
                    ReceiptProof receipt = SdkWallet.onlyReceipt(client, bad, states.get(0).locator());
                    AppointmentLookup lookup = client.getAppointment(bad, states.get(0).locator());
                    var notFound = assertInstanceOf(AppointmentLookup.NotFound.class, lookup, lookup::toString);
                    found = notFound.misbehaviour().orElseThrow(() -> new AssertionError("not_found after a receipt is misbehaviour"));
                    assertEquals(bad, found.tower());
                    assertEquals(Optional.of(receipt), found.evidence(), "the receipt is the proof");
                    assertProofStands(found, client.userId(bad).key(), bad);
                    assertEquals(Optional.of(found), client.status(bad).misbehaviour());
                    assertEquals(Optional.empty(), client.status(good).misbehaviour());
                    report.note("get_appointment " + states.get(0).locator() + " on the forgetful tower: not_found -> misbehaving: "
                            + found.reason());

                    // From now on only the honest tower gets the wallet's appointments.
                    long addsBefore = forgetful.requestsTo("/add_appointment");
                    RevocationResult.Queued q = SdkWallet.report(client, id, states.get(2));
                    assertEquals(List.of(good), q.enqueued().queuedFor());
                    assertEquals(List.of(bad), q.enqueued().misbehaving());
                    FlushReport second = client.flush();
                    assertEquals(new FlushReport.TowerFlush(good, 1, 0, new FlushReport.Outcome.Done()), second.of(good));
                    assertEquals(new FlushReport.TowerFlush(bad, 0, 0, new FlushReport.Outcome.Misbehaving(found)), second.of(bad));
                    assertEquals(addsBefore, forgetful.requestsTo("/add_appointment"), "the forgetful tower is not contacted again");
                    SdkWallet.assertWatched(client, good, states.get(2).locator());
                    assertEquals(List.of(new ChannelStatus.PerTower(good, 3, 0, 0), new ChannelStatus.PerTower(bad, 2, 0, 0)),
                            client.channelStatus(id).orElseThrow().towers());
                }

                // The wallet restarts: the misbehaviour and its proof come back from the log.
                try (FileRecordLog log = new FileRecordLog(walletDir)) {
                    TowerClient client = SdkWallet.client(LABEL, log, channel)
                            .tower(SdkWallet.endpoint(honest)).tower(forgetful.endpoint())
                            .build();
                    assertEquals(Optional.of(found), client.status(bad).misbehaviour());
                    assertProofStands(client.status(bad).misbehaviour().orElseThrow(), client.userId(bad).key(), bad);
                    assertEquals(2, client.receipts(bad).size());
                    assertEquals(3, client.receipts(good).size());
                    FlushReport afterRestart = client.flush();
                    assertEquals(new FlushReport.Outcome.Misbehaving(found), afterRestart.of(bad).outcome());
                    assertEquals(new FlushReport.TowerFlush(good, 0, 0, new FlushReport.Outcome.Done()), afterRestart.of(good));
                    report.note("after a restart: still misbehaving, " + client.receipts(bad).size() + " receipts kept, the proof verifies");

                    // The honest tower is the one that protects the wallet.
                    RevokedState breach = states.get(1);
                    SdkWallet.breachAnswered(devnet, channel, client, good, breach);
                    report.note("breach of state 1 answered by the honest tower; the wallet is paid");
                }
            }
        });
    }

    /**
     * What a third party checks without trusting the wallet: the wallet's user key for that tower
     * signed the appointment (teos {@code add_appointment} message), and the tower's key signed the
     * receipt over that signature and the start block.
     */
    private static void assertProofStands(Misbehaviour m, PublicKey userKey, TowerId tower) {
        ReceiptProof proof = m.evidence().orElseThrow(() -> new AssertionError("no proof kept: " + m));
        assertTrue(SdkWallet.SIGNER.verify(UserRequests.addAppointment(proof.appointment()), proof.userSignature(), userKey),
                "the wallet signed the appointment");
        assertTrue(SdkWallet.SIGNER.verify(proof.signedBytes(), proof.towerSignature(), tower.key()),
                "the tower signed the receipt");
    }
}
