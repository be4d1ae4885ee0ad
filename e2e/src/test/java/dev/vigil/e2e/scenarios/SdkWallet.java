package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.ChannelResult;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.outbox.RecordLog;
import dev.vigil.clientsdk.transport.HttpUrlConnectionTransport;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerserver.app.Tower;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wallet's side of the SDK scenarios: a {@link TowerClient} for a {@link DevnetChannel},
 * talking to towers over real HTTP, and the checks on what a tower promised (its receipts, its
 * {@code get_appointment} answers, the penalty it broadcast).
 */
final class SdkWallet {
    /**
     * The {@code feerate_per_kw} the wallet reports with each state. {@link DevnetChannel} pays a
     * fixed commitment fee; 253 (the BOLT 3 floor) trims none of its HTLCs and fixes the second-stage
     * HTLC transactions' fees, hence their txids (BOLT 3 "Fee Calculation").
     */
    static final long COMMITMENT_FEERATE_PER_KW = 253;
    /** BOLT 3's dust limit for P2WSH outputs: what the channel's remote side set. */
    static final long REMOTE_DUST_LIMIT_SAT = 546;
    static final LightningMessageSigner SIGNER = new LightningMessageSigner(Secp256k1Backends.best());

    private SdkWallet() {}

    /** What a scenario does on its devnet, with the channel it opened there. */
    interface DevnetScenario {
        void run(Devnet devnet, DevnetChannel channel, ScenarioReport report) throws Exception;
    }

    /**
     * Starts a devnet in {@code dir}, opens the channel {@code label} on it and runs {@code body};
     * then stops the devnet and writes the scenario's report, pass or fail.
     */
    static void onDevnet(Path dir, String title, String label, DevnetScenario body) throws Exception {
        ScenarioReport report = new ScenarioReport(title);
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            body.run(devnet, DevnetChannel.open(devnet, label), report);
        } finally {
            report.finish();
        }
    }

    /** The wallet's secret, from which the SDK derives one user key per tower. */
    static Bytes walletSecret(String label) {
        return Bytes.of(Hashes.sha256((label + " wallet").getBytes(StandardCharsets.UTF_8)));
    }

    static TowerEndpoint endpoint(Tower tower) {
        return endpoint(tower.apiPort(), tower.towerId());
    }

    static TowerEndpoint endpoint(int port, TowerId id) {
        return new TowerEndpoint(URI.create("http://127.0.0.1:" + port), id);
    }

    /** The SDK's own HTTP transport, with short timeouts for loopback towers. */
    static Transport transport() {
        return new HttpUrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty());
    }

    /** A builder for the wallet of {@code channel}, storing in {@code log}; callers add the towers. */
    static TowerClient.Builder client(String label, RecordLog log, DevnetChannel channel) {
        return TowerClient.builder(walletSecret(label), log)
                .signers(RevocationSigners.of(channel.walletRevocationSecret()))
                .transport(transport());
    }

    /** The channel as the wallet registers it: its parameters and the sweep to the wallet's own key. */
    static ChannelSpec spec(DevnetChannel channel) {
        return new ChannelSpec(channel.builder().channel(), Sweep.to(channel.sweepScript(), DevnetChannel.JUSTICE_FEERATE_PER_KW),
                REMOTE_DUST_LIMIT_SAT);
    }

    static ChannelSpec register(TowerClient client, DevnetChannel channel) {
        ChannelSpec spec = spec(channel);
        assertEquals(new ChannelResult.Registered(spec.id()), client.registerChannel(spec));
        return spec;
    }

    /**
     * Reports {@code s} as revoked: queued, with the very justice transaction the channel's own
     * builder made and bitcoin-kmp verified.
     */
    static RevocationResult.Queued report(TowerClient client, ChannelId channel, RevokedState s) {
        RevocationResult r = client.onRevokedCommitment(channel, s.commitmentRaw(), s.perCommitmentSecret(), s.htlcs(),
                COMMITMENT_FEERATE_PER_KW);
        RevocationResult.Queued q = assertInstanceOf(RevocationResult.Queued.class, r, () -> "state " + s.number() + ": " + r);
        assertEquals(s.number(), q.commitmentNumber());
        assertEquals(s.justice().rawTx(), q.justice().rawTx(), "state " + s.number() + ": the justice the channel verified");
        // Without anchors, one more appointment per HTLC: its second-stage transaction's justice.
        assertEquals(s.htlcs().size(), q.secondStage().size(), "state " + s.number() + ": second-stage appointments");
        return q;
    }

    /** Every locator one reported state put in the outbox: the commitment's, then each second-stage one. */
    static List<Locator> locators(RevocationResult.Queued q) {
        List<Locator> out = new ArrayList<>();
        out.add(q.commitmentTxid().locator());
        q.secondStage().forEach(a -> out.add(a.secondStageTxid().locator()));
        return out;
    }

    /** Two HTLCs in flight on state {@code number}: one the wallet pays, one it is paid (as the cheater's commitment holds them). */
    static List<Htlc> htlcs(String label, long number) {
        return List.of(
                new Htlc(Htlc.Direction.RECEIVED, 30_000_000, hash(label + "/" + number + "/paid"), 900 + number),
                new Htlc(Htlc.Direction.OFFERED, 20_000_000, hash(label + "/" + number + "/paying"), 500 + number));
    }

    private static Bytes hash(String s) {
        return Bytes.of(Hashes.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The receipt stands on its own: its signature recovers to {@code tower}'s id. */
    static void assertSignedBy(ReceiptProof receipt, TowerId tower) {
        assertEquals(tower, receipt.tower());
        assertTrue(SIGNER.verify(receipt.signedBytes(), receipt.towerSignature(), tower.key()),
                "the receipt for " + receipt.appointment().locator() + " verifies against " + tower);
    }

    /** The one verified receipt {@code tower} gave for {@code locator}. */
    static ReceiptProof onlyReceipt(TowerClient client, TowerId tower, Locator locator) {
        List<ReceiptProof> found = client.receipts(tower).stream().filter(r -> r.appointment().locator().equals(locator)).toList();
        assertEquals(1, found.size(), () -> "receipts of " + tower + " for " + locator + ": " + found);
        assertSignedBy(found.get(0), tower);
        return found.get(0);
    }

    /** {@code tower} watches exactly the appointment its receipt names. */
    static void assertWatched(TowerClient client, TowerId tower, Locator locator) {
        ReceiptProof receipt = onlyReceipt(client, tower, locator);
        AppointmentLookup lookup = client.getAppointment(tower, locator);
        var found = assertInstanceOf(AppointmentLookup.Found.class, lookup, () -> tower + " on " + locator + ": " + lookup);
        var watched = assertInstanceOf(GetAppointmentResponse.BeingWatched.class, found.response(), found::toString);
        assertEquals(receipt.appointment(), watched.appointment());
    }

    /**
     * {@code tower} answered the breach of {@code s} with its justice transaction, which bitcoin-kmp
     * checks against the cheater's commitment.
     */
    static void assertResponded(TowerClient client, TowerId tower, RevokedState s) {
        AppointmentLookup lookup = client.getAppointment(tower, s.locator());
        var found = assertInstanceOf(AppointmentLookup.Found.class, lookup, () -> tower + " on " + s.locator() + ": " + lookup);
        var answer = assertInstanceOf(GetAppointmentResponse.DisputeResponded.class, found.response(), found::toString);
        assertEquals(s.commitmentTxid(), answer.disputeTxid());
        assertEquals(s.justice().txid(), answer.penaltyTxid());
        assertEquals(s.justice().rawTx(), answer.penaltyRawTx());
        Transaction.correctlySpends(Transaction.read(answer.penaltyRawTx().toArray()), s.commitment(),
                ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
    }

    /**
     * The cheater publishes {@code breach} and it is mined; {@code tower} answers with the justice
     * transaction, which is mined in the next block and pays the wallet. Returns that block's height.
     */
    static int breachAnswered(Devnet devnet, DevnetChannel channel, TowerClient client, TowerId tower, RevokedState breach) {
        assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
        devnet.mine(1);
        Await.until("the justice transaction in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, breach.justiceTx().txid));
        assertResponded(client, tower, breach);
        int minedAt = devnet.mine(1).get(0).height();
        assertEquals(minedAt, BreachScenariosIT.confirmedAt(devnet, breach.justiceTx().txid));
        BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
        return minedAt;
    }

    /** A loopback port free right now, for a tower that must come back on the same URL. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
