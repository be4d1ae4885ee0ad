package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.EnqueueResult;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RegistrationResult;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.ChannelResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.transport.HttpUrlConnectionTransport;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerserver.app.Tower;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet's SDK against a real tower over real HTTP on the devnet: it registers (verifying the
 * signed registration receipt against the tower id), is told of a revoked state, builds its
 * justice transaction, flushes it, holds a receipt signed by the tower, and the tower watches it and answers
 * the breach with exactly that justice transaction.
 */
class ClientSdkDeliveryIT {
    @TempDir
    Path dir;

    @Test
    void anAppointmentMadeThroughTheSdkIsWatchedByTheTowerAndAnswersTheBreach() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            DevnetChannel channel = DevnetChannel.open(devnet, "sdk-delivery");
            RevokedState revoked = channel.revokedState(0);
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                TowerEndpoint endpoint = new TowerEndpoint(URI.create("http://127.0.0.1:" + tower.apiPort()), tower.towerId());
                Bytes walletSecret = Bytes.of(Hashes.sha256("sdk-delivery wallet".getBytes(StandardCharsets.UTF_8)));
                TowerClient client = TowerClient.builder(walletSecret, new FileRecordLog(dir.resolve("wallet")))
                        .signers(RevocationSigners.of(channel.walletRevocationSecret()))
                        .tower(endpoint)
                        .transport(new HttpUrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty()))
                        .build();

                var registered = assertInstanceOf(RegistrationResult.Registered.class, client.register().get(tower.towerId()));
                assertEquals(tower.tipHeight(), registered.subscription().start(), "the subscription starts at the tower's tip");

                // The wallet reports the revocation: the SDK builds the justice transaction itself.
                ChannelSpec spec = new ChannelSpec(channel.builder().channel(),
                        Sweep.to(channel.sweepScript(), DevnetChannel.JUSTICE_FEERATE_PER_KW), 546);
                assertEquals(new ChannelResult.Registered(spec.id()), client.registerChannel(spec));
                var built = assertInstanceOf(RevocationResult.Queued.class, client.onRevokedCommitment(spec.id(),
                        revoked.commitmentRaw(), revoked.perCommitmentSecret(), revoked.htlcs(), 253));
                assertEquals(revoked.justice().rawTx(), built.justice().rawTx(), "the justice the channel's own builder verified");
                var enqueued = assertInstanceOf(EnqueueResult.Enqueued.class, built.enqueued());
                assertEquals(List.of(tower.towerId()), enqueued.queuedFor());
                assertEquals(1, client.pending(tower.towerId()).size());

                FlushReport report = client.flush();
                assertEquals(new FlushReport.TowerFlush(tower.towerId(), 1, 0, new FlushReport.Outcome.Done()), report.of(tower.towerId()));
                ReceiptProof receipt = client.receipts(tower.towerId()).get(0);
                assertEquals(revoked.locator(), receipt.appointment().locator());
                assertEquals(tower.tipHeight(), receipt.startBlock());
                // The proof stands on its own: anyone can check it against the tower id.
                assertTrue(new LightningMessageSigner(Secp256k1Backends.best()).verify(receipt.signedBytes(), receipt.towerSignature(),
                        tower.towerId().key()));

                var watched = assertInstanceOf(AppointmentLookup.Found.class, client.getAppointment(tower.towerId(), revoked.locator()));
                var being = assertInstanceOf(GetAppointmentResponse.BeingWatched.class, watched.response());
                assertEquals(receipt.appointment(), being.appointment());

                // The cheater publishes the revoked state: the tower decrypts the SDK's blob and broadcasts its justice.
                assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(revoked.commitment()));
                devnet.mine(1);
                Await.until("the justice transaction in the devnet mempool",
                        () -> BreachScenariosIT.inMempool(devnet, revoked.justiceTx().txid));
                var responded = assertInstanceOf(AppointmentLookup.Found.class, client.getAppointment(tower.towerId(), revoked.locator()));
                var answer = assertInstanceOf(GetAppointmentResponse.DisputeResponded.class, responded.response());
                assertEquals(revoked.justice().rawTx(), answer.penaltyRawTx());
            }
        }
    }
}
