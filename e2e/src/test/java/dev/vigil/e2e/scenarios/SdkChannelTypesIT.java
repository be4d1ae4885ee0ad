package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.ChannelResult;
import dev.vigil.clientsdk.ChannelStatus;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RegistrationResult;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.transport.HttpUrlConnectionTransport;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.Coin;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.e2e.scenarios.CounterpartyChannel.SecondStage;
import dev.vigil.e2e.scenarios.CounterpartyChannel.State;
import dev.vigil.justicetxbuilder.justice.JusticeTx;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerserver.app.Tower;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 1 of the client SDK, once per commitment type: a wallet's channel on the devnet (a real
 * 2-of-2 funding output, the counterparty's commitments built as a BOLT 3 counterparty builds them,
 * {@link CounterpartyChannel}, HTLCs in flight, some trimmed), 50 states whose revocations the wallet
 * reports through the SDK, delivered to a real tower over HTTP; the counterparty then broadcasts
 * state 17 and the tower answers with the very justice transaction the SDK built, which confirms
 * and pays the wallet's sweep script everything the counterparty put at stake, less its fee.
 *
 * <p>One devnet and one tower serve the three types (one channel and one wallet each), to keep the
 * run short; each type's test touches only its own channel, wallet and breach.
 */
class SdkChannelTypesIT {
    private static final int STATES = 50;
    private static final int BREACH = 17;
    private static final int FLUSH_EVERY = 10;

    @TempDir
    static Path dir;
    private static Devnet devnet;
    private static Tower tower;
    private static final Map<ChannelType, CounterpartyChannel> CHANNELS = new EnumMap<>(ChannelType.class);

    @BeforeAll
    static void startDevnetAndTower() throws Exception {
        devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")));
        for (ChannelType type : ChannelType.values()) {
            CHANNELS.put(type, CounterpartyChannel.open(devnet, type, "sdk-channel-types/" + type));
        }
        devnet.mine(1); // the three channels are open once their funding transactions are mined
        tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet);
    }

    @AfterAll
    static void stop() {
        try {
            if (tower != null) {
                tower.close();
            }
        } finally {
            if (devnet != null) {
                devnet.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelType.class)
    void fiftyRevocationsThroughTheSdkAndTheBreachOfState17IsAnsweredWithTheSdksJustice(ChannelType type) throws Exception {
        ScenarioReport report = new ScenarioReport("SDK scenario 1, " + type + ": " + STATES + " revoked states, state " + BREACH
                + " broadcast");
        try {
            run(type, CHANNELS.get(type), report);
        } finally {
            report.finish();
        }
    }

    private static void run(ChannelType type, CounterpartyChannel channel, ScenarioReport report) throws Exception {
        TowerEndpoint endpoint = new TowerEndpoint(URI.create("http://127.0.0.1:" + tower.apiPort()), tower.towerId());
        Bytes walletSecret = Bytes.of(Hashes.sha256(("sdk-channel-types wallet " + type).getBytes(StandardCharsets.UTF_8)));
        TowerClient client = TowerClient.builder(walletSecret, new FileRecordLog(dir.resolve("wallet-" + type)))
                .signers(RevocationSigners.of(channel.walletRevocationSecret()))
                .tower(endpoint)
                .transport(new HttpUrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty()))
                .build();
        assertInstanceOf(RegistrationResult.Registered.class, client.register().get(tower.towerId()));
        ChannelSpec spec = new ChannelSpec(channel.parameters(),
                Sweep.to(channel.sweepScript(), CounterpartyChannel.JUSTICE_FEERATE_PER_KW), CounterpartyChannel.DUST_LIMIT_SAT);
        assertEquals(new ChannelResult.Registered(spec.id()), client.registerChannel(spec));

        List<State> states = new ArrayList<>();
        List<RevocationResult.Queued> queued = new ArrayList<>();
        Set<Locator> expectedLocators = new HashSet<>();
        int trimmedHtlcs = 0;
        int withoutSecondStageJustice = 0;
        int twinStates = 0;
        for (int n = 0; n < STATES; n++) {
            State s = channel.state(n);
            RevocationResult result = client.onRevokedCommitment(spec.id(), s.raw(), s.perCommitmentSecret(), s.htlcs(),
                    s.feeratePerKw());
            RevocationResult.Queued q = assertInstanceOf(RevocationResult.Queued.class, result, () -> s.describe() + ": " + result);
            assertEquals(n, q.commitmentNumber(), "the commitment number the SDK recovered");
            assertEquals(s.txid(), q.commitmentTxid());
            assertJusticeSweepsTheStake(s, q.justice(), channel);
            assertSecondStage(type, s, q);

            states.add(s);
            queued.add(q);
            expectedLocators.add(s.txid().locator());
            q.secondStage().forEach(a -> expectedLocators.add(a.secondStageTxid().locator()));
            trimmedHtlcs += s.htlcs().size() - s.untrimmed().size();
            withoutSecondStageJustice += s.secondStage().size() - q.secondStage().size();
            if (s.untrimmed().stream().filter(h -> h.paymentHash().equals(CounterpartyChannel.TWIN_HASH)).count() == 2) {
                twinStates++;
            }
            if ((n + 1) % FLUSH_EVERY == 0) {
                FlushReport.TowerFlush flushed = client.flush().of(tower.towerId());
                assertEquals(new FlushReport.Outcome.Done(), flushed.outcome(), flushed::toString);
                assertEquals(0, flushed.stillPending());
            }
        }
        int secondStage = queued.stream().mapToInt(q -> q.secondStage().size()).sum();
        report.note(STATES + " revocations queued: " + trimmedHtlcs + " HTLCs trimmed over all states, " + secondStage
                + " second-stage justices, " + withoutSecondStageJustice + " second-stage outputs too small for one, "
                + twinStates + " states with identical twin HTLC outputs");
        // The inputs cover what the scenario is about (guards against a change that makes them trivial).
        assertTrue(trimmedHtlcs > 0, "some HTLCs are trimmed");
        assertTrue(twinStates > 0, "some states order identical HTLC outputs by cltv_expiry");
        if (!type.hasAnchors()) {
            assertTrue(secondStage > 0 && withoutSecondStageJustice > 0, "second-stage justices, and outputs too small for one");
        } else {
            assertEquals(0, secondStage, "option_anchors HTLC transactions cannot be predicted");
        }

        FlushReport.TowerFlush last = client.flush().of(tower.towerId());
        assertEquals(new FlushReport.Outcome.Done(), last.outcome(), last::toString);
        assertEquals(0, last.stillPending());
        assertEquals(List.of(), client.pending(tower.towerId()));
        assertReceipts(client, STATES + secondStage, expectedLocators);
        ChannelStatus status = client.channelStatus(spec.id()).orElseThrow();
        assertEquals(new ChannelStatus.PerTower(tower.towerId(), STATES + secondStage, 0, 0), status.towers().get(0));
        report.note(STATES + secondStage + " receipts verified against tower id " + tower.towerId());

        breach(channel, states.get(BREACH), queued.get(BREACH), client, report);
    }

    /** The justice of the commitment itself: valid against it, sweeping to_local and every HTLC output. */
    private static void assertJusticeSweepsTheStake(State s, JusticeTx justice, CounterpartyChannel channel) {
        Transaction tx = Transaction.read(justice.rawTx().toArray());
        Transaction.correctlySpends(tx, s.commitment(), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        assertEquals(1 + s.untrimmed().size(), justice.spends().size(), s.describe());
        assertEquals(1, tx.txOut.size());
        assertEquals(channel.sweepScript(), Bytes.of(tx.txOut.get(0).publicKeyScript.toByteArray()));
        assertEquals(s.stakeSat() - justice.feeSat(), justice.sweptSat(), s.describe());
        assertEquals(justice.sweptSat(), tx.txOut.get(0).amount.toLong());
    }

    /**
     * Without anchors: exactly one appointment per second-stage transaction the counterparty could
     * publish whose output pays for its own justice, at the very txid built on the counterparty's
     * side, in output order, each justice valid against that transaction.
     */
    private static void assertSecondStage(ChannelType type, State s, RevocationResult.Queued q) {
        if (type.hasAnchors()) {
            assertEquals(List.of(), q.secondStage(), s.describe());
            return;
        }
        List<SecondStage> expected = s.sweepableSecondStage();
        assertEquals(expected.stream().map(e -> Map.entry(e.htlc(), e.txid())).toList(),
                q.secondStage().stream().map(a -> Map.entry(a.htlc(), a.secondStageTxid())).toList(), s.describe());
        for (int i = 0; i < expected.size(); i++) {
            SecondStage e = expected.get(i);
            JusticeTx justice = q.secondStage().get(i).justice();
            Transaction.correctlySpends(Transaction.read(justice.rawTx().toArray()), e.tx(), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
            assertEquals(e.amountSat() - justice.feeSat(), justice.sweptSat());
        }
    }

    /** Every appointment has one receipt that verifies against the tower id, and nothing else has. */
    private static void assertReceipts(TowerClient client, int count, Set<Locator> expectedLocators) {
        List<ReceiptProof> receipts = client.receipts(tower.towerId());
        assertEquals(count, receipts.size());
        LightningMessageSigner verifier = new LightningMessageSigner(Secp256k1Backends.best());
        Set<Locator> locators = new HashSet<>();
        for (ReceiptProof r : receipts) {
            assertTrue(verifier.verify(r.signedBytes(), r.towerSignature(), tower.towerId().key()), r::toString);
            locators.add(r.appointment().locator());
        }
        assertEquals(expectedLocators, locators);
    }

    /** The counterparty broadcasts {@code s}; the tower's justice is the SDK's, confirms and pays the wallet. */
    private static void breach(CounterpartyChannel channel, State s, RevocationResult.Queued q, TowerClient client,
            ScenarioReport report) {
        assertTrue(s.untrimmed().stream().anyMatch(h -> h.direction() == Htlc.Direction.OFFERED)
                && s.untrimmed().stream().anyMatch(h -> h.direction() == Htlc.Direction.RECEIVED), s.describe());
        report.note(s.describe());
        Transaction expected = Transaction.read(q.justice().rawTx().toArray());
        assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(s.commitment()));
        int breachHeight = devnet.mine(1).get(0).height();
        report.note("commitment " + s.txid().toDisplayHex() + " mined at " + breachHeight);

        TxId justiceTxid = expected.txid;
        Await.until("the justice of state " + s.number() + " in the devnet mempool", () -> BreachScenariosIT.inMempool(devnet, justiceTxid));
        Bytes broadcast = devnet.onChain(n -> n.mempool().get(justiceTxid).map(MempoolEntry::tx).map(t -> Bytes.of(Transaction.write(t))))
                .orElseThrow();
        assertEquals(q.justice().rawTx(), broadcast, "the tower broadcast the SDK's justice byte for byte");

        int confirmedAt = BreachScenariosIT.mineExactly(devnet, List.of(expected)).height();
        assertEquals(confirmedAt, BreachScenariosIT.confirmedAt(devnet, justiceTxid));
        Transaction confirmed = devnet.onChain(n -> n.confirmed(justiceTxid).orElseThrow().tx());
        Transaction.correctlySpends(confirmed, s.commitment(), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        Map<OutPoint, Coin> swept = BreachScenariosIT.unspentPaying(devnet, channel.sweepScript());
        Coin sweep = swept.get(new OutPoint(justiceTxid, 0));
        assertTrue(sweep != null, "the sweep output is unspent on chain: " + swept.keySet());
        long htlcs = s.untrimmed().stream().mapToLong(Htlc::amountSat).sum();
        assertEquals(s.toLocalSat() + htlcs - q.justice().feeSat(), sweep.amountSat(),
                "to_local and every untrimmed HTLC, less the justice fee");
        report.note("justice " + justiceTxid + " confirmed at " + confirmedAt + ": " + sweep.amountSat() + " sat = to_local "
                + s.toLocalSat() + " + " + s.untrimmed().size() + " HTLCs " + htlcs + " - fee " + q.justice().feeSat());

        var found = assertInstanceOf(AppointmentLookup.Found.class, client.getAppointment(tower.towerId(), s.txid().locator()));
        var responded = assertInstanceOf(GetAppointmentResponse.DisputeResponded.class, found.response());
        assertEquals(s.txid(), responded.disputeTxid());
        assertEquals(Txid.fromDisplayHex(justiceTxid.toString()), responded.penaltyTxid());
        assertEquals(q.justice().rawTx(), responded.penaltyRawTx());
    }

}
