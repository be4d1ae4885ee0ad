package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.ChannelStatus;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.justicetxbuilder.justice.ChannelParameters;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet integration that client-sdk's README shows, run as written against a real tower over
 * HTTP on the devnet (the SDK's default transport and file store), and the README checked to quote
 * it, so the two cannot drift apart.
 */
class WalletIntegrationExampleIT {
    private static final Logger log = Logger.getLogger(WalletIntegrationExampleIT.class.getName());
    private static final Path README = Path.of("..", "client-sdk", "README.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/vigil/e2e/scenarios/WalletIntegrationExampleIT.java");
    private static final String BEGIN = "// ---- README example begins ----\n";
    private static final String END = "// ---- README example ends ----";

    @TempDir
    Path dir;

    private final List<List<ChannelStatus.PerTower>> shown = new ArrayList<>();

    @Test
    void theReadmeExampleProtectsARevokedStateThroughARealTower() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            DevnetChannel channel = DevnetChannel.open(devnet, "readme-example");
            List<Htlc> inFlight = List.of(new Htlc(Htlc.Direction.OFFERED, 50_000_000, Bytes.of(Hashes.sha256(new byte[] {7})), 500));
            RevokedState revoked = channel.revokedState(3, inFlight);
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                // What the wallet has at hand, named as in the README.
                Bytes walletSecret = Bytes.of(Hashes.sha256("readme wallet".getBytes(StandardCharsets.UTF_8)));
                Path filesDir = dir.resolve("wallet");
                String towerUrl = "http://127.0.0.1:" + tower.apiPort();
                String towerIdHex = tower.towerId().toHex();
                PrivateKey revocationBasepointSecret = channel.walletRevocationSecret();
                ChannelParameters channelParameters = channel.builder().channel();
                Bytes sweepScript = channel.sweepScript();
                long counterpartyDustLimitSat = 546;
                Bytes revokedCommitmentTx = revoked.commitmentRaw();
                PrivateKey perCommitmentSecret = revoked.perCommitmentSecret();
                List<Htlc> htlcs = revoked.htlcs();
                long feeratePerKw = 253;

                // ---- README example begins ----
                // Once, at start: the SDK keeps its state in one directory of the wallet's own.
                TowerClient towers = TowerClient.builder(walletSecret, new FileRecordLog(filesDir.resolve("vigil")))
                        .tower(new TowerEndpoint(URI.create(towerUrl), TowerId.fromHex(towerIdHex)))
                        .signers(RevocationSigners.of(revocationBasepointSecret))
                        .build();

                // When a channel opens: what the wallet knows of it, and where justice pays.
                ChannelSpec spec = new ChannelSpec(channelParameters, Sweep.to(sweepScript, 2_500), counterpartyDustLimitSat);
                towers.registerChannel(spec);

                // On each revoke_and_ack: the counterparty's revoked commitment and its secret.
                RevocationResult result = towers.onRevokedCommitment(
                        spec.id(), revokedCommitmentTx, perCommitmentSecret, htlcs, feeratePerKw);
                if (!(result instanceof RevocationResult.Queued)) {
                    log.warning("not protected: " + result); // typed; nothing was stored or sent
                }

                // From a background job (or towers.startBackgroundSender(interval)).
                FlushReport report = towers.flush();

                // What each tower holds for the channel, for the wallet's screen.
                towers.channelStatus(spec.id()).ifPresent(status -> show(status.towers()));
                // ---- README example ends ----

                var queued = assertInstanceOf(RevocationResult.Queued.class, result);
                assertEquals(revoked.justice().rawTx(), queued.justice().rawTx(), "the justice the channel's builder verified");
                assertEquals(new FlushReport.Outcome.Done(), report.of(tower.towerId()).outcome());
                assertEquals(List.of(List.of(new ChannelStatus.PerTower(tower.towerId(), 1 + queued.secondStage().size(), 0, 0))), shown);
                var found = assertInstanceOf(AppointmentLookup.Found.class, towers.getAppointment(tower.towerId(), revoked.locator()));
                assertInstanceOf(GetAppointmentResponse.BeingWatched.class, found.response());
                assertEquals(1, queued.secondStage().size(), "the offered HTLC's second stage is watched too");
            }
        }
    }

    @Test
    void theReadmeQuotesTheExampleThisTestRuns() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("```java\n") + "```java\n".length();
        String quoted = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(SOURCE);
        int from = source.indexOf(BEGIN) + BEGIN.length();
        String example = source.substring(from, source.indexOf(END, from));
        assertEquals(normalise(example), normalise(quoted));
        long lines = quoted.lines().filter(l -> !l.isBlank()).count();
        assertTrue(lines < 30, "the integration stays under 30 lines: " + lines);
    }

    private void show(List<ChannelStatus.PerTower> perTower) {
        shown.add(perTower);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
