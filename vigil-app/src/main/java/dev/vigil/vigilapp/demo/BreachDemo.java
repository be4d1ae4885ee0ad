package dev.vigil.vigilapp.demo;

import static dev.vigil.vigilapp.demo.Timeline.sat;
import static dev.vigil.vigilapp.demo.Timeline.shortHex;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vigil.clientsdk.AppointmentLookup;
import dev.vigil.clientsdk.ChannelResult;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RegistrationResult;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.devnet.chain.Coin;
import dev.vigil.devnet.chain.MempoolEntry;
import dev.vigil.justicetxbuilder.justice.Sweep;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.vigilapp.demo.DemoCounterparty.State;
import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.OutPoint;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The breach the demo shows, start to finish, against a tower serving on a devnet: the demo wallet
 * registers with the tower through the client SDK (its default {@code HttpURLConnection} transport),
 * the counterparty opens a channel and pays the wallet five times (two payments in flight at a time),
 * every revoked state is reported to the SDK and delivered with a verified receipt; then the
 * counterparty broadcasts revoked state {@link #BREACHED_STATE} and the tower answers it. Each step is
 * a line of the {@link Timeline}. Everything is deterministic but the timings.
 *
 * <p>Threading: runs on its caller's thread, which it blocks (HTTP, the devnet facade, bounded waits).
 */
public final class BreachDemo {
    /** What the counterparty pays the wallet, in order. */
    static final long[] PAYMENTS_SAT = {30_000, 45_000, 12_000, 60_000, 25_000};
    /** The wallet's balance from the opening ({@code push_msat}). */
    static final long PUSH_MSAT = 100_000_000;
    /** The state the counterparty publishes: the first two payments are still in flight in it. */
    static final int BREACHED_STATE = 2;
    /** The wallet's justice transactions pay 10 sat/vB. */
    static final long JUSTICE_FEERATE_PER_KW = 2_500;
    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(30);
    private static final LightningMessageSigner SIGNER = new LightningMessageSigner(Secp256k1Backends.best());

    /**
     * What the demo did.
     *
     * @param breach          the revoked commitment the counterparty published
     * @param justice         the tower's justice transaction, as it was confirmed
     * @param breachHeight    the block the breach was mined in
     * @param confirmedHeight the block the justice transaction was mined in
     * @param msToMempool     from the breach's block to the justice transaction in the mempool
     * @param sweptSat        what the justice transaction paid the wallet's sweep script
     * @param feeSat          the justice transaction's fee
     * @param appointments    the appointments the tower accepted, with a verified receipt each
     */
    public record Result(State breach, Transaction justice, int breachHeight, int confirmedHeight, long msToMempool, long sweptSat,
            long feeSat, int appointments) {
        public Result {
            Objects.requireNonNull(breach, "breach");
            Objects.requireNonNull(justice, "justice");
        }
    }

    /** A step that did not go as the demo expects; its message says which and why. */
    public static final class DemoFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DemoFailed(String message) {
            super(message);
        }
    }

    private final Devnet devnet;
    private final TowerId towerId;
    private final Timeline timeline;
    private final TowerClient towers;
    private final DemoWallet wallet = new DemoWallet();
    private final List<State> revoked = new ArrayList<>();
    private final List<RevocationResult.Queued> queued = new ArrayList<>();
    private int appointments;

    private BreachDemo(Devnet devnet, TowerEndpoint tower, Path walletDir, PrintStream out) throws IOException {
        this.devnet = devnet;
        this.towerId = tower.towerId();
        this.timeline = new Timeline(out);
        // The wallet integration of client-sdk/README.md: one client, the SDK's state in a directory of the wallet's.
        this.towers = TowerClient.builder(wallet.walletSecret(), new FileRecordLog(walletDir))
                .tower(tower)
                .signers(RevocationSigners.of(wallet.revocationBasepointSecret()))
                .build();
    }

    /**
     * Runs the demo against the tower at {@code tower}, which follows {@code devnet}; the SDK keeps its
     * state in {@code walletDir}; the timeline goes to {@code out}.
     *
     * @throws DemoFailed if a step does not go as expected (the tower refused or did not answer)
     */
    public static Result run(Devnet devnet, TowerEndpoint tower, Path walletDir, PrintStream out) throws IOException {
        return new BreachDemo(devnet, tower, walletDir, out).run();
    }

    private Result run() {
        RegistrationResult registration = towers.register().get(towerId);
        if (!(registration instanceof RegistrationResult.Registered registered)) {
            throw new DemoFailed("the tower did not register the wallet: " + registration);
        }
        timeline.event("wallet registered with tower " + shortHex(towerId.toHex()) + " through the SDK over HTTP: "
                + registered.subscription().availableSlots() + " slots until block " + registered.subscription().expiry()
                + ", subscription signed by the tower verified");

        DemoCounterparty counterparty = DemoCounterparty.open(devnet, wallet, PUSH_MSAT);
        int openedAt = devnet.mine(1).get(0).height();
        timeline.event("channel opened: funding " + shortHex(counterparty.fundingTx().txid.toString()) + ":0 of "
                + sat(DemoCounterparty.FUNDING_SAT) + " mined in block " + openedAt + " (option_static_remotekey, to_self_delay "
                + DemoCounterparty.TO_SELF_DELAY + ", the wallet starts with " + sat(PUSH_MSAT / 1000) + ")");
        ChannelSpec spec = new ChannelSpec(counterparty.channel(), Sweep.to(wallet.sweepScript(), JUSTICE_FEERATE_PER_KW),
                DemoCounterparty.DUST_LIMIT_SAT);
        ChannelResult channel = towers.registerChannel(spec);
        if (!(channel instanceof ChannelResult.Registered)) {
            throw new DemoFailed("the SDK did not register the channel: " + channel);
        }

        // Each payment is offered (a new commitment, the previous one revoked) and fulfilled one payment later.
        Htlc previous = null;
        for (int i = 0; i < PAYMENTS_SAT.length; i++) {
            Htlc payment = payment(i, openedAt);
            protect(spec, counterparty.offer(payment));
            if (previous != null) {
                protect(spec, counterparty.fulfil(previous));
                settled(i, previous);
            }
            previous = payment;
        }
        protect(spec, counterparty.fulfil(previous));
        settled(PAYMENTS_SAT.length, previous);
        return breach(counterparty);
    }

    private void settled(int number, Htlc payment) {
        timeline.event("payment " + number + " of " + sat(payment.amountSat()) + " settled to the wallet");
    }

    /** Payment {@code i} (0-based): an HTLC the counterparty offers, expiring 40 blocks and more after the opening. */
    private static Htlc payment(int i, int openedAt) {
        byte[] preimage = Hashes.sha256(("vigil demo payment " + i).getBytes(UTF_8));
        return new Htlc(Htlc.Direction.OFFERED, PAYMENTS_SAT[i] * 1000, Bytes.of(Hashes.sha256(preimage)), openedAt + 40L + i);
    }

    /**
     * What a wallet does on each {@code revoke_and_ack}: hands the SDK the revoked commitment and its
     * secret; the SDK builds, verifies, encrypts and signs the justice, and {@code flush} delivers it.
     */
    private void protect(ChannelSpec spec, State s) {
        RevocationResult result = towers.onRevokedCommitment(spec.id(), s.raw(), s.perCommitmentSecret(), s.htlcs(),
                DemoCounterparty.FEERATE_PER_KW);
        if (!(result instanceof RevocationResult.Queued q)) {
            throw new DemoFailed("state " + s.number() + " is not protected: " + result);
        }
        FlushReport.TowerFlush flushed = towers.flush().of(towerId);
        if (!(flushed.outcome() instanceof FlushReport.Outcome.Done) || flushed.stillPending() > 0) {
            throw new DemoFailed("state " + s.number() + " was not delivered: " + flushed);
        }
        Locator locator = s.txid().locator();
        Optional<ReceiptProof> receipt = towers.receipts(towerId).stream().filter(r -> r.appointment().locator().equals(locator))
                .findFirst();
        // The SDK verified it before it let the appointment leave its outbox; the demo checks it once more, in the open.
        if (receipt.isEmpty() || !SIGNER.verify(receipt.get().signedBytes(), receipt.get().towerSignature(), towerId.key())) {
            throw new DemoFailed("no receipt signed by the tower for state " + s.number() + ": " + receipt);
        }
        revoked.add(s);
        queued.add(q);
        appointments += 1 + q.secondStage().size();
        timeline.event("appointment accepted: state " + s.number() + ", locator " + shortHex(locator.toHex())
                + ", receipt signed by the tower verified"
                + (q.secondStage().isEmpty() ? "" : " (and " + q.secondStage().size() + " for its HTLCs' second-stage transactions)"));
    }

    private Result breach(DemoCounterparty counterparty) {
        State breach = revoked.get(BREACHED_STATE);
        RevocationResult.Queued protectedBy = queued.get(BREACHED_STATE);
        AcceptResult sent = counterparty.broadcast(breach);
        if (!(sent instanceof AcceptResult.Accepted)) {
            throw new DemoFailed("the devnet refused the revoked commitment: " + sent);
        }
        long inHtlcs = breach.stakeSat() - breach.toLocalSat();
        timeline.event("the counterparty broadcasts revoked state " + breach.number() + ": commitment "
                + shortHex(breach.txid().toDisplayHex()) + ", to take " + sat(breach.stakeSat()) + " (to_local "
                + sat(breach.toLocalSat()) + " + " + breach.htlcs().size() + " HTLCs in flight " + sat(inHtlcs) + ")");

        int breachHeight = devnet.mine(1).get(0).height();
        long minedAt = System.nanoTime();
        TxId justiceTxid = Transaction.read(protectedBy.justice().rawTx().toArray()).txid;
        Transaction broadcast = awaitInMempool(justiceTxid);
        long ms = (System.nanoTime() - minedAt) / 1_000_000;
        timeline.event("breach seen in block " + breachHeight + ": the tower's justice transaction was in the mempool " + ms
                + " ms after the block");
        if (!Bytes.of(Transaction.write(broadcast)).equals(protectedBy.justice().rawTx())) {
            throw new DemoFailed("the tower broadcast another transaction than the SDK's justice: " + justiceTxid);
        }
        // The independent check every justice transaction gets: bitcoin-kmp's interpreter, at standard flags.
        Transaction.correctlySpends(broadcast, breach.commitment(), ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        timeline.event("justice broadcast: " + shortHex(justiceTxid.toString()) + ", " + protectedBy.justice().vsize() + " vB, spends"
                + " to_local and " + (broadcast.txIn.size() - 1) + " HTLC outputs with the revocation key (checked by bitcoin-kmp's"
                + " interpreter at standard flags)");

        int confirmedHeight = devnet.mine(1).get(0).height();
        int foundAt = devnet.onChain(n -> n.confirmed(justiceTxid).map(l -> l.block().height()).orElse(-1));
        if (foundAt != confirmedHeight) {
            throw new DemoFailed("the justice transaction is not in block " + confirmedHeight + " (found at " + foundAt + ")");
        }
        timeline.event("justice confirmed in block " + confirmedHeight);

        Coin sweep = devnet.onChain(n -> n.utxosPaying(new ByteVector(wallet.sweepScript().toArray()))).get(new OutPoint(justiceTxid, 0));
        if (sweep == null) {
            throw new DemoFailed("the justice transaction did not pay the wallet's sweep address");
        }
        long fee = protectedBy.justice().feeSat();
        timeline.event("swept: the cheater tried to take " + sat(breach.stakeSat()) + "; " + sat(sweep.amountSat())
                + " swept back to the wallet, fee " + sat(fee));

        AppointmentLookup lookup = towers.getAppointment(towerId, breach.txid().locator());
        if (lookup instanceof AppointmentLookup.Found found && found.response() instanceof GetAppointmentResponse.DisputeResponded r) {
            timeline.event("the tower's get_appointment for locator " + shortHex(breach.txid().locator().toHex()) + ": dispute_responded,"
                    + " penalty " + shortHex(r.penaltyTxid().toDisplayHex()));
        } else {
            throw new DemoFailed("the tower does not report its response to the breach: " + lookup);
        }
        return new Result(breach, broadcast, breachHeight, confirmedHeight, ms, sweep.amountSat(), fee, appointments);
    }

    private Transaction awaitInMempool(TxId txid) {
        long deadline = System.nanoTime() + RESPONSE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Transaction> tx = devnet.onChain(n -> n.mempool().get(txid).map(MempoolEntry::tx));
            if (tx.isPresent()) {
                return tx.get();
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new DemoFailed("the tower did not broadcast its justice transaction within " + RESPONSE_WAIT.toSeconds() + " s");
    }
}
