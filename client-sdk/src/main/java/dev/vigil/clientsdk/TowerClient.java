package dev.vigil.clientsdk;

import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.channel.ChannelRecord;
import dev.vigil.clientsdk.channel.ChannelSpec;
import dev.vigil.clientsdk.keys.TowerUserKeys;
import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.clientsdk.outbox.OutboxChange;
import dev.vigil.clientsdk.outbox.OutboxCodec;
import dev.vigil.clientsdk.outbox.OutboxState;
import dev.vigil.clientsdk.outbox.PendingAppointment;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.outbox.RecordLog;
import dev.vigil.clientsdk.transport.HttpUrlConnectionTransport;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.CommitmentAudit;
import dev.vigil.justicetxbuilder.justice.NotACommitment;
import dev.vigil.justicetxbuilder.justice.Recognition;
import dev.vigil.justicetxbuilder.justice.RevocationSigner;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.SecondStageResult;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Subscription;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.crypto.BlobCipher;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.monitor.MonitorJson;
import dev.vigil.towerprotocol.monitor.MonitorMessages;
import dev.vigil.towerprotocol.monitor.MonitorRequests;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.Parsed;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The wallet's client of one or more towers (teos HTTP API, DESIGN §2, §7).
 *
 * <p>The wallet registers each channel once ({@link #registerChannel}) and reports every revoked
 * counterparty commitment ({@link #onRevokedCommitment}): the SDK checks the commitment, the secret
 * and the HTLC list against the channel, builds and verifies the justice transaction for to_local and
 * every HTLC output (and, without anchors, for each second-stage HTLC transaction), encrypts each
 * under its dispute txid (BlobCipher), signs one appointment per tower with that tower's user key
 * ({@link TowerUserKeys}) and stores them all in the outbox, in one durable write, before it returns.
 * {@link #flush()} registers where needed (and tops up before slots or time run out), and delivers,
 * tower after tower; an appointment leaves a tower's outbox only when the tower's receipt verifies:
 * its signature recovers to the configured tower id and its {@code start_block} lies within the
 * subscription the tower signed. A receipt that does not verify, or a {@code not_found} for an
 * appointment the tower signed for, marks the tower misbehaving, with the proof; it then gets nothing
 * more. A tower that is unreachable or answers 503 is retried by a later flush after a backoff with
 * jitter (kept across restarts), and never holds the other towers back.
 *
 * <p>Channel monitoring, by pull (docs/monitoring.md 6.1): {@link #pullEvents} asks a tower for the
 * events of our user there after the cursor the wallet {@link #acknowledge acknowledged}, and hands
 * out only events that verify against the configured tower id; an event that does not verify marks
 * the tower misbehaving, with the event as proof.
 *
 * <p>Threads: thread-safe, and no threads of its own unless the wallet starts a
 * {@link #startBackgroundSender background sender}. Every method blocks on the calling thread;
 * {@link #flush()}, {@link #register()}, {@link #getAppointment} and {@link #pullEvents} make network
 * calls (bounded by the transport's timeouts) and belong on a background thread; the other calls that change state make
 * one durable write (one fsync with the default store). State changes are serialised under one lock
 * that is never held across a network call or a signer call; flushes (and registrations) run one at
 * a time.
 */
public final class TowerClient {
    /** The default cap on pending appointments per tower. */
    public static final int DEFAULT_OUTBOX_CAP = 10_000;
    private static final int MAX_BLOB_BYTES = HttpUrlConnectionTransport.MAX_BODY_BYTES;
    /** About 1,500 appointments' worth of log before a flush compacts it. */
    static final long COMPACT_AFTER_BYTES = 1 << 20;

    private final List<Tower> towers;
    private final Transport transport;
    private final RecordLog store;
    private final Clock clock;
    private final SdkLog log;
    private final Backoff backoff;
    private final TopUp topUp;
    private final Random jitter;
    private final int outboxCap;
    private final RevocationSigners signers;
    private final LightningMessageSigner signer;
    private final EventSignature eventSignature;
    private final TeosJson json;

    private final Object stateLock = new Object();
    private final ReentrantLock networkLock = new ReentrantLock();
    private final OutboxState state; // guarded by stateLock; changed only after the store saved the change
    /** Per tower, the newest tip it told us of (info, a pull, a 129): the {@code height} of its signed requests. Guarded by stateLock. */
    private final Map<TowerId, Long> towerHeights = new HashMap<>();
    /** Per tower, the highest cursor a pull delivered in this process (docs/monitoring.md 6.1). Guarded by stateLock. */
    private final Map<TowerId, Long> deliveredCursors = new HashMap<>();
    private volatile BackgroundSender sender;

    /** A configured tower: its endpoint and our key there. */
    private static final class Tower {
        final TowerEndpoint endpoint;
        final PrivateKey userKey;
        final UserId userId;

        Tower(TowerEndpoint endpoint, PrivateKey userKey, UserId userId) {
            this.endpoint = endpoint;
            this.userKey = userKey;
            this.userId = userId;
        }

        TowerId id() {
            return endpoint.towerId();
        }
    }

    /**
     * When {@link #flush()} re-registers (a teos top-up: more slots, a later expiry) before
     * delivering: fewer than {@code slotsBelow} slots left, or fewer than {@code blocksBefore} blocks
     * before the subscription expires (counted from the newest block the tower told us of: its
     * subscription start or a receipt's {@code start_block}).
     */
    public record TopUp(long slotsBelow, long blocksBefore) {
        /** 100 slots or about a week (1,008 blocks) before a teos subscription (10,000 slots, 4,320 blocks) runs out. */
        public static final TopUp DEFAULT = new TopUp(100, 1008);

        public TopUp {
            if (slotsBelow < 0 || blocksBefore < 0) {
                throw new IllegalArgumentException("top-up thresholds must not be negative: " + slotsBelow + ", " + blocksBefore);
            }
        }
    }

    private TowerClient(Builder b, OutboxState loaded) {
        Secp256k1 secp = b.secp;
        this.signer = new LightningMessageSigner(secp);
        this.eventSignature = new EventSignature(signer);
        this.json = new TeosJson(secp, MAX_BLOB_BYTES);
        List<Tower> ts = new ArrayList<>();
        for (TowerEndpoint e : b.towers.values()) {
            PrivateKey key = TowerUserKeys.derive(b.walletSecret, e.towerId());
            ts.add(new Tower(e, key, new UserId(new PublicKey(secp.publicKey(key)))));
        }
        this.towers = Collections.unmodifiableList(ts);
        this.transport = b.transport;
        this.store = b.store;
        this.clock = b.clock;
        this.log = b.log;
        this.backoff = b.backoff;
        this.topUp = b.topUp;
        this.jitter = b.jitter;
        this.outboxCap = b.outboxCap;
        this.signers = b.signers;
        this.state = loaded;
    }

    /** Starts a builder for a wallet whose tower keys derive from {@code walletSecret} (at least 16 bytes). */
    public static Builder builder(Bytes walletSecret, RecordLog store) {
        return new Builder(walletSecret, store);
    }

    /** Configuration of a {@link TowerClient}; not thread-safe, used once. */
    public static final class Builder {
        private final Bytes walletSecret;
        private final RecordLog store;
        private final Map<TowerId, TowerEndpoint> towers = new LinkedHashMap<>();
        private Transport transport;
        private Clock clock = Clock.SYSTEM;
        private SdkLog log = SdkLog.SILENT;
        private Backoff backoff = Backoff.DEFAULT;
        private TopUp topUp = TopUp.DEFAULT;
        private Random jitter;
        private int outboxCap = DEFAULT_OUTBOX_CAP;
        private RevocationSigners signers = RevocationSigners.NONE;
        private Secp256k1 secp;

        private Builder(Bytes walletSecret, RecordLog store) {
            this.walletSecret = Objects.requireNonNull(walletSecret, "walletSecret");
            this.store = Objects.requireNonNull(store, "store");
            if (walletSecret.length() < TowerUserKeys.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the wallet secret must be at least " + TowerUserKeys.MIN_SECRET_BYTES + " bytes");
            }
        }

        /** Adds a tower (in the order flushes visit them). */
        public Builder tower(TowerEndpoint tower) {
            Objects.requireNonNull(tower, "tower");
            if (towers.putIfAbsent(tower.towerId(), tower) != null) {
                throw new IllegalArgumentException("tower " + tower.towerId() + " is configured twice");
            }
            return this;
        }

        /** Default: {@link HttpUrlConnectionTransport#withDefaults()}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder log(SdkLog log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** When to top up a subscription (default {@link TopUp#DEFAULT}). */
        public Builder topUp(TopUp topUp) {
            this.topUp = Objects.requireNonNull(topUp, "topUp");
            return this;
        }

        /** The signers of the channels' justice transactions (default: none, see {@link RevocationSigners}). */
        public Builder signers(RevocationSigners signers) {
            this.signers = Objects.requireNonNull(signers, "signers");
            return this;
        }

        /** The source of backoff jitter (default: a {@link SecureRandom}); tests pass a seeded one. */
        public Builder jitter(Random jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** How many appointments one tower's outbox may hold (default {@value TowerClient#DEFAULT_OUTBOX_CAP}). */
        public Builder outboxCapPerTower(int cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("the outbox cap must be at least 1: " + cap);
            }
            this.outboxCap = cap;
            return this;
        }

        /** The secp256k1 backend (default: {@link Secp256k1Backends#best()}, pure Java where JNI is missing). */
        public Builder secp256k1(Secp256k1 secp) {
            this.secp = Objects.requireNonNull(secp, "secp");
            return this;
        }

        /**
         * Loads the outbox from the store and builds the client. Fails if no tower is configured, the
         * store cannot be read, or what it holds is damaged (never silently starting empty).
         */
        public TowerClient build() throws IOException {
            if (towers.isEmpty()) {
                throw new IllegalStateException("configure at least one tower");
            }
            if (transport == null) {
                transport = HttpUrlConnectionTransport.withDefaults();
            }
            if (jitter == null) {
                jitter = new SecureRandom();
            }
            if (secp == null) {
                secp = Secp256k1Backends.best();
            }
            RecordLog.Loaded stored = store.load();
            OutboxState loaded = new OutboxState();
            if (stored.snapshot().isPresent()) {
                OutboxCodec.Decoded<OutboxState> d = OutboxCodec.decodeSnapshot(stored.snapshot().get());
                if (d instanceof OutboxCodec.Decoded.Corrupt<OutboxState> c) {
                    throw new IOException("the outbox snapshot is damaged: " + c.reason());
                }
                loaded = ((OutboxCodec.Decoded.Ok<OutboxState>) d).value();
            }
            for (int i = 0; i < stored.records().size(); i++) {
                OutboxCodec.Decoded<List<OutboxChange>> d = OutboxCodec.decodeBatch(stored.records().get(i));
                if (d instanceof OutboxCodec.Decoded.Corrupt<List<OutboxChange>> c) {
                    throw new IOException("outbox record " + i + " is damaged: " + c.reason());
                }
                ((OutboxCodec.Decoded.Ok<List<OutboxChange>>) d).value().forEach(loaded::apply);
            }
            return new TowerClient(this, loaded);
        }
    }

    // ------------------------------------------------------------------ channels

    /**
     * Registers a channel once it is open, durably. Registering it again with the same parameters
     * replaces its sweep policy (script, feerate, weight limit) for the states reported from then on.
     * One durable write; no network call.
     */
    public ChannelResult registerChannel(ChannelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        synchronized (stateLock) {
            Optional<ChannelRecord> known = state.channel(spec.id());
            ChannelRecord next;
            if (known.isPresent()) {
                if (!known.get().spec().parameters().equals(spec.parameters())) {
                    return new ChannelResult.Invalid("channel " + spec.id() + " is registered with other parameters");
                }
                if (known.get().closed()) {
                    return new ChannelResult.Invalid("channel " + spec.id() + " is closed");
                }
                next = known.get().withSpec(spec);
            } else {
                next = ChannelRecord.registered(spec);
            }
            try {
                commit(Collections.singletonList(new OutboxChange.ChannelUpdated(next)));
            } catch (IOException e) {
                return new ChannelResult.NotStored(e.toString());
            }
            log.log(SdkLog.Level.INFO, "channel " + spec.id() + " registered (" + spec.parameters().type() + ")");
            return new ChannelResult.Registered(spec.id());
        }
    }

    /**
     * Stops new appointments for a channel (its revocations are refused from now on). What is already
     * in the outboxes is still delivered. One durable write; no network call.
     */
    public CloseResult closeChannel(ChannelId channel) {
        Objects.requireNonNull(channel, "channel");
        synchronized (stateLock) {
            Optional<ChannelRecord> known = state.channel(channel);
            if (!known.isPresent()) {
                return new CloseResult.UnknownChannel(channel);
            }
            if (!known.get().closed()) {
                try {
                    commit(Collections.singletonList(new OutboxChange.ChannelUpdated(known.get().closedNow())));
                } catch (IOException e) {
                    return new CloseResult.NotStored(e.toString());
                }
                log.log(SdkLog.Level.INFO, "channel " + channel + " closed");
            }
            return new CloseResult.Closed(channel);
        }
    }

    /**
     * Reports a counterparty commitment the wallet just revoked (it received the per-commitment
     * secret in {@code revoke_and_ack}). Refuses, with a typed result and before anything is stored,
     * a transaction that is not a commitment of {@code channel}, a secret whose per-commitment point
     * explains none of its outputs, and an HTLC list that does not match the outputs. Otherwise builds
     * and signs the justice transaction for to_local and every HTLC output through the channel's
     * {@link RevocationSigners signer}, verifies it against the commitment, and, for a channel without
     * anchors, also the justice of each second-stage HTLC transaction the counterparty could publish;
     * then encrypts, signs and stores one appointment per dispute for every tower, in one durable
     * write. CPU work and the signer's calls; no network call.
     *
     * @param htlcs                  the HTLCs of the revoked state, trimmed ones included, each as
     *                               the counterparty's commitment sees it (offered = offered by the
     *                               counterparty)
     * @param commitmentFeeratePerKw the state's {@code feerate_per_kw} (BOLT 2 {@code update_fee}):
     *                               it decides which HTLCs are trimmed and the second-stage
     *                               transactions' fees, hence their txids (BOLT 3 "Fee Calculation")
     */
    public RevocationResult onRevokedCommitment(ChannelId channel, Bytes commitmentTx, PrivateKey perCommitmentSecret,
                                                List<Htlc> htlcs, long commitmentFeeratePerKw) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(commitmentTx, "commitmentTx");
        Objects.requireNonNull(perCommitmentSecret, "perCommitmentSecret");
        Objects.requireNonNull(htlcs, "htlcs");
        if (commitmentFeeratePerKw < 0) {
            throw new IllegalArgumentException("the commitment feerate must not be negative: " + commitmentFeeratePerKw);
        }
        ChannelRecord record;
        synchronized (stateLock) {
            Optional<ChannelRecord> known = state.channel(channel);
            if (!known.isPresent()) {
                return new RevocationResult.UnknownChannel(channel);
            }
            record = known.get();
        }
        if (record.closed()) {
            return new RevocationResult.ChannelClosed(channel);
        }
        ChannelSpec spec = record.spec();
        Optional<RevocationSigner> revocationSigner = signers.forBasepoint(spec.parameters().local().revocationBasepoint());
        if (!revocationSigner.isPresent()) {
            return new RevocationResult.NoSigner(channel);
        }
        JusticeTxBuilder builder = new JusticeTxBuilder(spec.parameters(), revocationSigner.get());
        RevokedCommitment revoked = new RevokedCommitment(commitmentTx, perCommitmentSecret, htlcs);
        Recognition recognition = builder.recognise(commitmentTx);
        if (recognition instanceof NotACommitment n) {
            return new RevocationResult.NotThisChannel(n.reason());
        }
        Recognition.Commitment commitment = (Recognition.Commitment) recognition;
        RevocationResult refused = audit(builder, revoked, commitmentFeeratePerKw, spec.remoteDustLimitSat());
        if (refused != null) {
            return refused;
        }
        JusticeResult justice = builder.build(revoked, spec.sweep());
        if (justice instanceof NotACommitment n) {
            return new RevocationResult.NotThisChannel(n.reason());
        }
        if (justice instanceof JusticeResult.NothingToSweep n) {
            return new RevocationResult.NothingToWatch(n.reason());
        }
        if (justice instanceof JusticeResult.BelowDust d) {
            return new RevocationResult.NothingToWatch("below dust: " + d.inputSat() + " sat at stake, " + d.feeSat()
                    + " sat of fee, dust threshold " + d.dustThresholdSat() + " sat");
        }
        if (justice instanceof JusticeResult.SignerFailed f) {
            return new RevocationResult.JusticeInvalid("the signer failed: " + f.reason());
        }
        JusticeResult.Built built = (JusticeResult.Built) justice;
        if (built.transactions().size() > 1) {
            return new RevocationResult.NeedsSeveralTransactions(built.transactions().size());
        }
        List<RevocationResult.SecondStageAppointment> secondStage = new ArrayList<>();
        if (!spec.parameters().type().hasAnchors()) {
            SecondStageResult predicted = builder.secondStageJustice(revoked, commitmentFeeratePerKw, spec.sweep());
            if (predicted instanceof SecondStageResult.Predicted p) {
                for (SecondStageResult.SecondStageJustice e : p.entries()) {
                    // A second-stage output too small to sweep at the channel's feerate is left: the
                    // commitment's own justice already takes the HTLC output it spends.
                    if (e.justice() instanceof JusticeResult.Built b && b.transactions().size() == 1) {
                        secondStage.add(new RevocationResult.SecondStageAppointment(e.htlc(), e.secondStageTxid(), b.only()));
                    }
                }
            }
        }
        List<Appointment> appointments = new ArrayList<>();
        long delay = spec.parameters().remoteToSelfDelay();
        appointments.add(new Appointment(commitment.txid().locator(), BlobCipher.encrypt(built.only().rawTx(), commitment.txid()), delay));
        for (RevocationResult.SecondStageAppointment a : secondStage) {
            appointments.add(new Appointment(a.secondStageTxid().locator(),
                    BlobCipher.encrypt(a.justice().rawTx(), a.secondStageTxid()), delay));
        }
        for (Appointment a : appointments) {
            if (a.encryptedBlob().length() > MAX_BLOB_BYTES) {
                return new RevocationResult.NotEnqueued(new EnqueueResult.InvalidInput(
                        "a justice transaction of " + a.encryptedBlob().length() + " bytes is too large"));
            }
        }
        EnqueueResult enqueued = enqueue(appointments, Optional.of(channel), channelRecord -> channelRecord.revoked(commitment.commitmentNumber()));
        if (enqueued == null) {
            return new RevocationResult.ChannelClosed(channel);
        }
        if (!(enqueued instanceof EnqueueResult.Enqueued e)) {
            return new RevocationResult.NotEnqueued(enqueued);
        }
        return new RevocationResult.Queued(channel, commitment.commitmentNumber(), commitment.txid(), built.only(), secondStage, e);
    }

    /** Null when the commitment, the secret and the HTLC list agree with the channel. */
    private static RevocationResult audit(JusticeTxBuilder builder, RevokedCommitment revoked, long feeratePerKw, long dustLimitSat) {
        CommitmentAudit audit = builder.audit(revoked, feeratePerKw, dustLimitSat);
        if (audit instanceof NotACommitment n) {
            return new RevocationResult.NotThisChannel(n.reason());
        }
        if (audit instanceof CommitmentAudit.SecretMismatch m) {
            return new RevocationResult.SecretMismatch(m.reason());
        }
        if (audit instanceof CommitmentAudit.HtlcMismatch m) {
            return new RevocationResult.HtlcMismatch(m.reason());
        }
        return null;
    }

    // ------------------------------------------------------------------ appointments

    /** The user id each tower knows us by (distinct per tower). */
    public UserId userId(TowerId tower) {
        return tower(tower).userId;
    }

    /**
     * Hands a prebuilt justice transaction to every tower: encrypted under {@code disputeTxid} (the
     * revoked transaction's txid), signed per tower, and durably in each tower's outbox when this
     * returns {@link EnqueueResult.Enqueued}. An appointment for a locator already pending at a tower
     * replaces it there (teos updates an appointment with the same locator). Does no network call.
     * Wallets with channels registered use {@link #onRevokedCommitment}, which builds and checks the
     * transaction first.
     */
    public EnqueueResult addAppointment(Txid disputeTxid, Bytes justiceTx, long toSelfDelay) {
        Objects.requireNonNull(disputeTxid, "disputeTxid");
        Objects.requireNonNull(justiceTx, "justiceTx");
        if (justiceTx.length() < TeosJson.MIN_TRANSACTION_BYTES) {
            return new EnqueueResult.InvalidInput("a justice transaction of " + justiceTx.length()
                    + " bytes is shorter than any standard transaction (" + TeosJson.MIN_TRANSACTION_BYTES + ")");
        }
        if (justiceTx.length() + BlobCipher.TAG_LENGTH > MAX_BLOB_BYTES) {
            return new EnqueueResult.InvalidInput("a justice transaction of " + justiceTx.length() + " bytes is too large");
        }
        if (toSelfDelay < 0 || toSelfDelay > Uint32.MAX) {
            return new EnqueueResult.InvalidInput("to_self_delay is not a u32: " + toSelfDelay);
        }
        Appointment appointment = new Appointment(disputeTxid.locator(), BlobCipher.encrypt(justiceTx, disputeTxid), toSelfDelay);
        return enqueue(Collections.singletonList(appointment), Optional.empty(), null);
    }

    /**
     * Signs {@code appointments} for every tower and stores them, with the channel's update if any,
     * in one durable write. A tower gets all of them or none: none when it is misbehaving or its
     * outbox cannot take them all. The result names the first appointment's locator. Null, with
     * nothing stored, when {@code channel} was closed since the caller read it: the close wins.
     */
    private EnqueueResult enqueue(List<Appointment> appointments, Optional<ChannelId> channel,
                                  UnaryOperator<ChannelRecord> channelUpdate) {
        Locator first = appointments.get(0).locator();
        // Signing is CPU work: done before taking the lock.
        Map<TowerId, List<String>> signatures = new HashMap<>();
        for (Tower t : towers) {
            List<String> sigs = new ArrayList<>();
            for (Appointment a : appointments) {
                sigs.add(signer.sign(UserRequests.addAppointment(a), t.userKey));
            }
            signatures.put(t.id(), sigs);
        }
        List<TowerId> queued = new ArrayList<>();
        List<EnqueueResult.OutboxFull> full = new ArrayList<>();
        List<TowerId> misbehaving = new ArrayList<>();
        synchronized (stateLock) {
            if (channelUpdate != null && state.channel(channel.get()).get().closed()) {
                return null; // closed while the justice was being built: the close wins
            }
            long now = clock.currentTimeMillis();
            List<OutboxChange> changes = new ArrayList<>();
            for (Tower t : towers) {
                if (state.misbehaviour(t.id()).isPresent()) {
                    misbehaving.add(t.id());
                    continue;
                }
                int added = 0;
                for (Appointment a : appointments) {
                    if (!state.pending(t.id(), a.locator()).isPresent()) {
                        added++;
                    }
                }
                if (state.pendingCount(t.id()) + added > outboxCap) {
                    full.add(new EnqueueResult.OutboxFull(t.id(), outboxCap));
                    continue;
                }
                for (int i = 0; i < appointments.size(); i++) {
                    changes.add(new OutboxChange.Queued(new PendingAppointment(t.id(), appointments.get(i),
                            signatures.get(t.id()).get(i), now, Optional.empty(), channel)));
                }
                queued.add(t.id());
            }
            if (queued.isEmpty()) {
                log.log(SdkLog.Level.WARN, "appointment " + first + " refused: outboxes full " + full + ", misbehaving " + misbehaving);
                return new EnqueueResult.Refused(first, full, misbehaving);
            }
            if (channelUpdate != null) {
                changes.add(new OutboxChange.ChannelUpdated(channelUpdate.apply(state.channel(channel.get()).get())));
            }
            try {
                commit(changes);
            } catch (IOException e) {
                return new EnqueueResult.NotStored(e.toString());
            }
            if (!full.isEmpty()) {
                log.log(SdkLog.Level.WARN, "appointment " + first + " not queued for towers with a full outbox: " + full);
            }
        }
        BackgroundSender s = sender;
        if (s != null) {
            s.wake();
        }
        return new EnqueueResult.Enqueued(first, queued, full, misbehaving);
    }

    /** Discards the appointments {@code tower} refused for good; returns how many. One durable write. */
    public int purgeRejected(TowerId tower) throws IOException {
        tower(tower);
        synchronized (stateLock) {
            int n = (int) state.pendingFor(tower).stream().filter(p -> p.rejection().isPresent()).count();
            if (n > 0) {
                commit(Collections.singletonList(new OutboxChange.RejectedPurged(tower)));
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ the network

    /** Registers (or tops up) with every tower not marked misbehaving, regardless of backoff. */
    public Map<TowerId, RegistrationResult> register() {
        networkLock.lock();
        try {
            Map<TowerId, RegistrationResult> out = new LinkedHashMap<>();
            for (Tower t : towers) {
                out.put(t.id(), registerWith(t));
            }
            return Collections.unmodifiableMap(out);
        } finally {
            networkLock.unlock();
        }
    }

    /**
     * Delivers what is pending, tower after tower, synchronously: registers with a tower not yet
     * registered (or tops up one whose subscription runs low, {@link TopUp}), then sends its pending
     * appointments oldest first and keeps each verified receipt. A tower in its backoff is skipped;
     * an unreachable or busy one stops at its first failure and is scheduled for later; a 401
     * (subscription gone or used up) triggers one re-registration.
     */
    public FlushReport flush() {
        networkLock.lock();
        try {
            List<FlushReport.TowerFlush> out = new ArrayList<>();
            for (Tower t : towers) {
                out.add(flushTower(t));
            }
            synchronized (stateLock) {
                compactIfLarge();
            }
            return new FlushReport(out);
        } finally {
            networkLock.unlock();
        }
    }

    /**
     * Starts a daemon thread that flushes after each new appointment and every {@code interval}
     * while anything is pending (a tower's backoff still applies). For wallets that do not run their
     * own background job. Closing it stops the thread; the client stays usable.
     */
    public BackgroundSender startBackgroundSender(Duration interval) {
        synchronized (stateLock) {
            if (sender != null) {
                throw new IllegalStateException("a background sender is already running");
            }
            BackgroundSender s = new BackgroundSender(this, interval, log);
            sender = s;
            s.start();
            return s;
        }
    }

    void senderStopped(BackgroundSender s) {
        synchronized (stateLock) {
            if (sender == s) {
                sender = null;
            }
        }
    }

    /** Whether some tower that is not misbehaving has appointments it has not refused. */
    boolean hasDeliverable() {
        synchronized (stateLock) {
            for (Tower t : towers) {
                if (!state.misbehaviour(t.id()).isPresent() && state.nextToSend(t.id()).isPresent()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Asks {@code tower} for the appointment at {@code locator} ({@code get_appointment}, signed with
     * our key there). An answer that the tower holds nothing there, in any form a teos tower gives it
     * (rust-teos's and Vigil's 404 {@code APPOINTMENT_NOT_FOUND} error, python-teos's 404
     * {@code {"locator", "status": "not_found"}}, a 200 {@code "status": "not_found"}), is
     * {@link AppointmentLookup.NotFound}; for an appointment the tower signed a receipt for, it marks
     * the tower misbehaving, with that receipt as proof. Any other 404 (a server without the route, an
     * HTML page) is {@link AppointmentLookup.Failed}, and accuses nobody.
     */
    public AppointmentLookup getAppointment(TowerId tower, Locator locator) {
        Tower t = tower(tower);
        Objects.requireNonNull(locator, "locator");
        String sig = signer.sign(UserRequests.getAppointment(locator), t.userKey);
        TransportResult r = transport.post(t.endpoint.resolve("get_appointment"),
                TeosJson.utf8(TeosJson.toJson(new Messages.GetAppointmentRequest(locator, sig))));
        if (r instanceof TransportResult.Unreachable u) {
            return new AppointmentLookup.Failed(u.reason());
        }
        TransportResult.Answered a = (TransportResult.Answered) r;
        if (a.status() == 200) {
            Parsed<Messages.GetAppointmentResponse> p = json.parseGetAppointmentResponse(a.body());
            if (p instanceof Parsed.Ok<Messages.GetAppointmentResponse> ok) {
                return new AppointmentLookup.Found(ok.value());
            }
            if (saysNotFound(a, locator)) {
                return notFound(tower, locator);
            }
            return new AppointmentLookup.Failed("not a get_appointment answer: " + ((Parsed.Invalid<?>) p).error().message());
        }
        if (saysNotFound(a, locator)) {
            return notFound(tower, locator);
        }
        Optional<ApiError> error = apiError(a);
        return new AppointmentLookup.Failed("HTTP " + a.status() + error.map(e -> ": " + e.code() + " " + e.message()).orElse(""));
    }

    /**
     * Whether {@code a} says the tower holds no appointment at {@code locator}, in a form a real tower
     * sends: HTTP 404 with error code 36 {@code APPOINTMENT_NOT_FOUND} (rust-teos and Vigil), HTTP 404
     * {@code {"locator": <this locator>, "status": "not_found"}} (python-teos), or HTTP 200 with
     * {@code "status": "not_found"} naming this locator or none (rust-teos's response schema allows
     * it). Anything else is no such statement, however it looks: an empty or HTML 404 (a server
     * without the route, a proxy), another error code, or a {@code not_found} naming another locator
     * would otherwise turn a misrouted request into a false accusation.
     */
    private static boolean saysNotFound(TransportResult.Answered a, Locator locator) {
        if (a.status() != 200 && a.status() != 404) {
            return false;
        }
        if (a.status() == 404) {
            Optional<ApiError> error = apiError(a);
            if (error.isPresent() && error.get().code() == ErrorCode.APPOINTMENT_NOT_FOUND) {
                return true;
            }
        }
        Parsed<Messages.GetAppointmentNotFound> p = TeosJson.parseGetAppointmentNotFound(a.body());
        if (!(p instanceof Parsed.Ok<Messages.GetAppointmentNotFound> ok)) {
            return false;
        }
        Optional<Locator> named = ok.value().locator();
        // python-teos always echoes the locator in its 404; a status-only 404 is nobody's answer.
        return named.isPresent() ? named.get().equals(locator) : a.status() == 200;
    }

    /** The tower holds nothing at {@code locator}: misbehaviour if it signed a receipt for it. */
    private AppointmentLookup notFound(TowerId tower, Locator locator) {
        synchronized (stateLock) {
            Optional<ReceiptProof> proof = state.receipt(tower, locator);
            if (!proof.isPresent()) {
                return new AppointmentLookup.NotFound(Optional.empty());
            }
            Misbehaviour m = new Misbehaviour(tower, clock.currentTimeMillis(),
                    "answered not_found for an appointment it signed a receipt for", proof);
            markMisbehaving(m);
            return new AppointmentLookup.NotFound(Optional.of(m));
        }
    }

    // ------------------------------------------------------------------ monitoring: pull

    /**
     * Asks {@code tower} for our user's events after the {@link #acknowledgedCursor acknowledged
     * cursor} (0 before the first), at most {@code limit} (1 to {@value MonitorRequests#MAX_EVENTS_LIMIT})
     * ({@code POST /monitor/events}, docs/monitoring.md 5.2). The request is signed with our key there
     * over {@link MonitorRequests#events} with {@code height} the tower's tip as last known in this
     * process (asked once with {@code GET /monitor/info}; a 129 answer's {@code tower_height} is used
     * for one immediate retry). Every event is verified before it is handed out
     * ({@link EventPage.Events}); one that fails is dropped and marks the tower misbehaving with the
     * event's bytes as proof. An event this process delivered before is dropped too, so pulling again
     * without acknowledging gives only new events. Does not move the acknowledged cursor: the wallet
     * calls {@link #acknowledge} once it has handled the events (at least once, end to end). A tower
     * marked misbehaving is not asked. Network calls on the caller's thread; no durable write unless
     * an event fails.
     */
    public EventPage pullEvents(TowerId tower, int limit) {
        Tower t = tower(tower);
        if (limit < 1 || limit > MonitorRequests.MAX_EVENTS_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MonitorRequests.MAX_EVENTS_LIMIT + "], got " + limit);
        }
        Optional<Misbehaviour> bad = misbehaviour(t);
        if (bad.isPresent()) {
            return new EventPage.Misbehaving(bad.get());
        }
        long after;
        Long height;
        synchronized (stateLock) {
            after = state.acknowledgedCursor(t.id());
            height = towerHeights.get(t.id());
        }
        if (height == null) {
            EventPage failed = askHeight(t);
            if (failed != null) {
                return failed;
            }
        }
        boolean retried = false;
        while (true) {
            synchronized (stateLock) {
                height = towerHeights.get(t.id());
            }
            String sig = signer.sign(MonitorRequests.events(t.id(), height, after, limit), t.userKey);
            TransportResult r = transport.post(t.endpoint.resolve("monitor/events"), TeosJson.utf8(MonitorJson.toJson(
                    new MonitorMessages.EventsRequest(after, limit, height, sig))));
            if (r instanceof TransportResult.Unreachable u) {
                return new EventPage.Unreachable(t.id(), u.reason());
            }
            TransportResult.Answered a = (TransportResult.Answered) r;
            if (a.status() == 200) {
                return acceptPage(t, after, a.body());
            }
            Optional<ApiError> error = apiError(a);
            String detail = "HTTP " + a.status() + error.map(e -> " " + e.code() + ": " + e.message()).orElse("");
            ErrorCode code = error.map(ApiError::code).orElse(null);
            if (code == ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE && !retried) {
                // 5.1: our view of the tip is stale (or ahead after a reorg); the answer says the tower's.
                retried = true;
                OptionalLong told = ErrorMembers.towerHeight(a.body());
                if (told.isPresent()) {
                    synchronized (stateLock) {
                        towerHeights.put(t.id(), told.getAsLong());
                    }
                    continue;
                }
                EventPage failed = askHeight(t);
                if (failed != null) {
                    return failed;
                }
                continue;
            }
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " refused the events after " + after + ": " + detail);
            if (code == ErrorCode.CURSOR_AHEAD) {
                return new EventPage.CursorAhead(t.id(), after, detail);
            }
            if (code == ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR) {
                return new EventPage.UnknownUser(t.id(), detail);
            }
            return new EventPage.Failed(t.id(), a.status(), detail);
        }
    }

    /**
     * Records that the wallet has handled {@code tower}'s events up to {@code cursor}: later pulls start
     * after it, also after a restart. A cursor at or below the one stored is ignored (cursors only move
     * forward). One durable write when it moves; no network call.
     */
    public void acknowledge(TowerId tower, long cursor) throws IOException {
        tower(tower);
        if (cursor < 0) {
            throw new IllegalArgumentException("a cursor is unsigned: " + cursor);
        }
        synchronized (stateLock) {
            if (cursor > state.acknowledgedCursor(tower)) {
                commit(Collections.singletonList(new OutboxChange.CursorAcknowledged(tower, cursor)));
            }
        }
    }

    /** The cursor of {@code tower}'s events the wallet acknowledged last (durable); 0 before the first. */
    public long acknowledgedCursor(TowerId tower) {
        tower(tower);
        synchronized (stateLock) {
            return state.acknowledgedCursor(tower);
        }
    }

    /** Asks {@code GET /monitor/info} for the tower's tip and keeps it; null when it is kept. */
    private EventPage askHeight(Tower t) {
        TransportResult r = transport.get(t.endpoint.resolve("monitor/info"));
        if (r instanceof TransportResult.Unreachable u) {
            return new EventPage.Unreachable(t.id(), u.reason());
        }
        TransportResult.Answered a = (TransportResult.Answered) r;
        if (a.status() != 200) {
            Optional<ApiError> error = apiError(a);
            return new EventPage.Failed(t.id(), a.status(),
                    "monitor/info: HTTP " + a.status() + error.map(e -> " " + e.code() + ": " + e.message()).orElse(""));
        }
        Parsed<MonitorMessages.InfoResponse> parsed = MonitorJson.parseInfoResponse(a.body());
        if (parsed instanceof Parsed.Invalid<MonitorMessages.InfoResponse> invalid) {
            return new EventPage.Failed(t.id(), 200, "not a monitor/info answer: " + invalid.error().message());
        }
        MonitorMessages.InfoResponse info = ((Parsed.Ok<MonitorMessages.InfoResponse>) parsed).value();
        if (!info.towerId().equals(t.id())) {
            // Unsigned, so no proof of anything: most likely the URL points at another tower.
            return new EventPage.Failed(t.id(), 200, "monitor/info names tower " + info.towerId() + ", not the configured one");
        }
        synchronized (stateLock) {
            towerHeights.put(t.id(), info.height());
        }
        return null;
    }

    /** Verifies a pull answer's events and hands out those not delivered before in this process. */
    private EventPage acceptPage(Tower t, long after, byte[] body) {
        Parsed<MonitorMessages.EventsPage> parsed = MonitorJson.parseEventsPage(body);
        if (parsed instanceof Parsed.Invalid<MonitorMessages.EventsPage> invalid) {
            // Nothing that reads as a signed event, so nothing to hold the tower to: a proxy or a broken tower.
            return new EventPage.Failed(t.id(), 200, "not an events page: " + invalid.error().message());
        }
        MonitorMessages.EventsPage page = ((Parsed.Ok<MonitorMessages.EventsPage>) parsed).value();
        // Signature checks are CPU work: done before taking the lock.
        List<SignedEvent> verified = new ArrayList<>();
        Misbehaviour found = null;
        long previous = after;
        for (SignedEvent e : page.events()) {
            String problem = eventProblem(t, e, after, previous);
            if (problem == null) {
                verified.add(e);
                previous = e.event().head().cursor();
            } else if (found == null) {
                found = new Misbehaviour(t.id(), clock.currentTimeMillis(), problem, Optional.empty(),
                        Optional.of(new Misbehaviour.BadEvent(Bytes.of(e.wire()))));
            }
        }
        List<SignedEvent> fresh = new ArrayList<>();
        synchronized (stateLock) {
            towerHeights.put(t.id(), page.height());
            if (found != null && !state.misbehaviour(t.id()).isPresent()) {
                markMisbehaving(found);
            }
            // 6.1: duplicates (again after no acknowledge, or from a stream) are dropped by cursor.
            long last = deliveredCursors.getOrDefault(t.id(), 0L);
            for (SignedEvent e : verified) {
                if (e.event().head().cursor() > last) {
                    fresh.add(e);
                }
            }
            if (!fresh.isEmpty()) {
                deliveredCursors.put(t.id(), fresh.get(fresh.size() - 1).event().head().cursor());
            }
        }
        if (page.gap()) {
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " pruned events after " + after + " before they were read (oldest "
                    + page.oldestCursor() + ")");
        }
        return new EventPage.Events(t.id(), after, fresh, page.head(), page.oldestCursor(), page.gap(), page.height(),
                Optional.ofNullable(found));
    }

    /** Null when {@code e} passes the wallet's checks (6.1); else why not. */
    private String eventProblem(Tower t, SignedEvent e, long after, long previous) {
        long cursor = e.event().head().cursor();
        switch (eventSignature.check(e, t.id(), t.userId)) {
            case BAD_SIGNATURE:
                return "event signature does not recover to the tower id (cursor " + cursor + ")";
            case WRONG_USER:
                return "event for user " + e.event().head().userId() + ", not " + t.userId + " (cursor " + cursor + ")";
            case WRONG_ID:
                return "event id " + e.event().head().id() + " is not the one of cursor " + cursor;
            default:
                break;
        }
        if (cursor <= after) {
            return "event cursor " + cursor + " in the answer to the events after " + after;
        }
        if (cursor <= previous) {
            return "event cursor " + cursor + " after cursor " + previous + " in one page";
        }
        return null;
    }

    // ------------------------------------------------------------------ queries

    /** Every configured tower's status and outbox report, in configuration order. */
    public List<TowerStatus> statuses() {
        synchronized (stateLock) {
            List<TowerStatus> out = new ArrayList<>();
            for (Tower t : towers) {
                out.add(statusOf(t));
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** {@code tower}'s status and outbox report. */
    public TowerStatus status(TowerId tower) {
        synchronized (stateLock) {
            return statusOf(tower(tower));
        }
    }

    /** The verified receipts {@code tower} gave, oldest first: the proof that it accepted each. */
    public List<ReceiptProof> receipts(TowerId tower) {
        tower(tower);
        synchronized (stateLock) {
            return state.receiptsFrom(tower);
        }
    }

    /** The appointments waiting for {@code tower} (refused ones included), oldest first. */
    public List<PendingAppointment> pending(TowerId tower) {
        tower(tower);
        synchronized (stateLock) {
            return state.pendingFor(tower);
        }
    }

    /** The registered channels, in registration order. */
    public List<ChannelRecord> channels() {
        synchronized (stateLock) {
            return state.channels();
        }
    }

    /** A channel's record and, per tower, how many of its appointments are delivered, pending, failed. */
    public Optional<ChannelStatus> channelStatus(ChannelId channel) {
        Objects.requireNonNull(channel, "channel");
        synchronized (stateLock) {
            Optional<ChannelRecord> record = state.channel(channel);
            if (!record.isPresent()) {
                return Optional.empty();
            }
            Optional<ChannelId> tag = Optional.of(channel);
            List<ChannelStatus.PerTower> per = new ArrayList<>();
            for (Tower t : towers) {
                int delivered = (int) state.receiptsFrom(t.id()).stream().filter(r -> r.channel().equals(tag))
                        .map(r -> r.appointment().locator()).distinct().count();
                boolean bad = state.misbehaviour(t.id()).isPresent();
                int pending = 0;
                int failed = 0;
                for (PendingAppointment p : state.pendingFor(t.id())) {
                    if (p.channel().equals(tag)) {
                        if (bad || p.rejection().isPresent()) {
                            failed++;
                        } else {
                            pending++;
                        }
                    }
                }
                per.add(new ChannelStatus.PerTower(t.id(), delivered, pending, failed));
            }
            return Optional.of(new ChannelStatus(record.get(), per));
        }
    }

    // ------------------------------------------------------------------ per tower

    private TowerStatus statusOf(Tower t) {
        List<PendingAppointment> p = state.pendingFor(t.id());
        int rejected = (int) p.stream().filter(x -> x.rejection().isPresent()).count();
        long oldest = p.stream().mapToLong(PendingAppointment::enqueuedAtMillis).min().orElse(-1);
        OutboxChange.BackedOff b = state.backoff(t.id());
        return new TowerStatus(t.endpoint, t.userId, state.subscription(t.id()), p.size(), rejected, outboxCap, oldest,
                state.receiptsFrom(t.id()).size(), state.misbehaviour(t.id()), b.failures(), b.notBeforeMillis());
    }

    private FlushReport.TowerFlush flushTower(Tower t) {
        Optional<Misbehaviour> bad = misbehaviour(t);
        if (bad.isPresent()) {
            return report(t, 0, new FlushReport.Outcome.Misbehaving(bad.get()));
        }
        synchronized (stateLock) {
            long notBefore = state.backoff(t.id()).notBeforeMillis();
            if (clock.currentTimeMillis() < notBefore) {
                return report(t, 0, new FlushReport.Outcome.NotContacted("backing off until " + notBefore));
            }
        }
        Optional<Subscription> sub = subscription(t);
        if (!sub.isPresent() || needsTopUp(t, sub.get())) {
            FlushReport.Outcome o = afterRegistration(registerWith(t));
            if (o != null) {
                return report(t, 0, o);
            }
        }
        int delivered = 0;
        boolean reRegistered = false;
        while (true) {
            Optional<PendingAppointment> next;
            synchronized (stateLock) {
                next = state.nextToSend(t.id());
            }
            if (!next.isPresent()) {
                return report(t, delivered, new FlushReport.Outcome.Done());
            }
            PendingAppointment p = next.get();
            TransportResult r = transport.post(t.endpoint.resolve("add_appointment"), TeosJson.utf8(TeosJson.toJson(
                    new Messages.AddAppointmentRequest(p.appointment(), p.userSignature()))));
            if (r instanceof TransportResult.Unreachable u) {
                return report(t, delivered, retryLater(t, u.reason()));
            }
            TransportResult.Answered a = (TransportResult.Answered) r;
            if (a.status() == 200) {
                FlushReport.Outcome o = acceptReceipt(t, p, a.body());
                if (o != null) {
                    return report(t, delivered, o);
                }
                delivered++;
                continue;
            }
            Optional<ApiError> error = apiError(a);
            String detail = "HTTP " + a.status() + error.map(e -> " " + e.code() + ": " + e.message()).orElse("");
            // Only a teos error refuses an appointment for good: a 4xx without one (a proxy, a captive
            // portal, a wrong URL path) says nothing about the appointment and is retried.
            if (a.status() >= 500 || !error.isPresent() || error.get().code().retryable()) {
                return report(t, delivered, retryLater(t, detail));
            }
            if (error.get().code() == ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR && !reRegistered) {
                // teos answers this when the subscription expired or its slots ran out: top up once.
                reRegistered = true;
                FlushReport.Outcome o = afterRegistration(registerWith(t));
                if (o != null) {
                    return report(t, delivered, o);
                }
                continue;
            }
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " refused appointment " + p.appointment().locator() + ": " + detail);
            synchronized (stateLock) {
                Optional<PendingAppointment> now = state.pending(t.id(), p.appointment().locator());
                if (!now.isPresent() || !now.get().appointment().equals(p.appointment())) {
                    continue; // replaced while it was on its way: the refusal was of the older version
                }
                try {
                    commit(Collections.singletonList(new OutboxChange.Rejected(t.id(), p.appointment().locator(), detail)));
                } catch (IOException e) {
                    return report(t, delivered, new FlushReport.Outcome.StoreFailed(e.toString()));
                }
            }
        }
    }

    /** Whether {@code sub} runs low on slots or time (the newest height the tower told us of is the clock). */
    private boolean needsTopUp(Tower t, Subscription sub) {
        synchronized (stateLock) {
            if (sub.availableSlots() < topUp.slotsBelow()) {
                return true;
            }
            long height = sub.start();
            for (ReceiptProof r : state.receiptsFrom(t.id())) {
                height = Math.max(height, r.startBlock());
            }
            return sub.expiry() - height < topUp.blocksBefore();
        }
    }

    /** Null to go on delivering; otherwise how the tower's flush ends. */
    private static FlushReport.Outcome afterRegistration(RegistrationResult r) {
        if (r instanceof RegistrationResult.Registered) {
            return null;
        }
        if (r instanceof RegistrationResult.RetryLater l) {
            return new FlushReport.Outcome.RetryLater(l.notBeforeMillis(), l.reason());
        }
        if (r instanceof RegistrationResult.Misbehaving m) {
            return new FlushReport.Outcome.Misbehaving(m.misbehaviour());
        }
        return new FlushReport.Outcome.NotContacted("registration refused: " + ((RegistrationResult.Rejected) r).detail());
    }

    /** Verifies an add_appointment answer; null when the receipt verified and is stored. */
    private FlushReport.Outcome acceptReceipt(Tower t, PendingAppointment p, byte[] body) {
        Parsed<Messages.AddAppointmentResponse> parsed = json.parseAddAppointmentResponse(body);
        if (parsed instanceof Parsed.Invalid<Messages.AddAppointmentResponse> invalid) {
            // No signed promise to hold the tower to: a proxy or a broken tower; try again later.
            return retryLater(t, "not an add_appointment answer: " + invalid.error().message());
        }
        Messages.AddAppointmentResponse resp = ((Parsed.Ok<Messages.AddAppointmentResponse>) parsed).value();
        ReceiptProof proof = new ReceiptProof(t.id(), p.appointment(), p.userSignature(), resp.startBlock(), resp.signature(),
                p.channel());
        Optional<Subscription> sub = subscription(t);
        String problem = null;
        if (!resp.locator().equals(p.appointment().locator())) {
            problem = "receipt for locator " + resp.locator() + " answering " + p.appointment().locator();
        } else if (!signer.verify(proof.signedBytes(), resp.signature(), t.id().key())) {
            problem = "appointment receipt signature does not recover to the tower id";
        } else if (sub.isPresent() && (resp.startBlock() < sub.get().start() || resp.startBlock() > sub.get().expiry())) {
            problem = "start_block " + resp.startBlock() + " outside the subscription it signed [" + sub.get().start() + ", "
                    + sub.get().expiry() + "]";
        }
        synchronized (stateLock) {
            if (problem != null) {
                Misbehaviour m = new Misbehaviour(t.id(), clock.currentTimeMillis(), problem, Optional.of(proof));
                markMisbehaving(m);
                return new FlushReport.Outcome.Misbehaving(m);
            }
            List<OutboxChange> changes = new ArrayList<>();
            changes.add(new OutboxChange.Accepted(proof));
            Optional<Subscription> old = state.subscription(t.id());
            if (old.isPresent() && resp.subscriptionExpiry() >= old.get().start()) {
                changes.add(new OutboxChange.SubscriptionSigned(t.id(),
                        new Subscription(resp.availableSlots(), old.get().start(), resp.subscriptionExpiry())));
            }
            addBackoffReset(t, changes);
            try {
                commit(changes);
            } catch (IOException e) {
                return new FlushReport.Outcome.StoreFailed(e.toString());
            }
        }
        log.log(SdkLog.Level.INFO, "tower " + t.id() + " accepted " + p.appointment().locator() + " from block " + resp.startBlock());
        return null;
    }

    private RegistrationResult registerWith(Tower t) {
        Optional<Misbehaviour> bad = misbehaviour(t);
        if (bad.isPresent()) {
            return new RegistrationResult.Misbehaving(bad.get());
        }
        TransportResult r = transport.post(t.endpoint.resolve("register"),
                TeosJson.utf8(TeosJson.toJson(new Messages.RegisterRequest(t.userId))));
        if (r instanceof TransportResult.Unreachable u) {
            FlushReport.Outcome.RetryLater l = retryLater(t, u.reason());
            return new RegistrationResult.RetryLater(t.id(), l.notBeforeMillis(), l.reason());
        }
        TransportResult.Answered a = (TransportResult.Answered) r;
        if (a.status() != 200) {
            Optional<ApiError> error = apiError(a);
            String detail = "HTTP " + a.status() + error.map(e -> " " + e.code() + ": " + e.message()).orElse("");
            if (a.status() >= 500 || error.map(e -> e.code().retryable()).orElse(false)) {
                FlushReport.Outcome.RetryLater l = retryLater(t, detail);
                return new RegistrationResult.RetryLater(t.id(), l.notBeforeMillis(), l.reason());
            }
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " refused the registration: " + detail);
            return new RegistrationResult.Rejected(t.id(), a.status(), detail);
        }
        Parsed<Messages.RegisterResponse> parsed = json.parseRegisterResponse(a.body());
        if (parsed instanceof Parsed.Invalid<Messages.RegisterResponse> invalid) {
            return new RegistrationResult.Rejected(t.id(), 200, "not a register answer: " + invalid.error().message());
        }
        Messages.RegisterResponse resp = ((Parsed.Ok<Messages.RegisterResponse>) parsed).value();
        RegistrationReceipt receipt = resp.receipt();
        String problem = null;
        if (!receipt.userId().equals(t.userId)) {
            problem = "registration receipt for user " + receipt.userId() + ", not " + t.userId;
        } else if (!signer.verify(receipt.serialize(), resp.subscriptionSignature(), t.id().key())) {
            problem = "registration receipt signature does not recover to the tower id";
        }
        synchronized (stateLock) {
            if (problem != null) {
                Misbehaviour m = new Misbehaviour(t.id(), clock.currentTimeMillis(), problem, Optional.empty());
                markMisbehaving(m);
                return new RegistrationResult.Misbehaving(m);
            }
            Subscription sub = new Subscription(receipt.availableSlots(), receipt.subscriptionStart(), receipt.subscriptionExpiry());
            List<OutboxChange> changes = new ArrayList<>();
            changes.add(new OutboxChange.SubscriptionSigned(t.id(), sub));
            addBackoffReset(t, changes);
            try {
                commit(changes);
            } catch (IOException e) {
                return new RegistrationResult.Rejected(t.id(), 200, "the subscription could not be stored: " + e);
            }
            log.log(SdkLog.Level.INFO, "registered with tower " + t.id() + ": " + sub);
            return new RegistrationResult.Registered(t.id(), sub);
        }
    }

    /** Under stateLock: a tower that answered leaves its backoff (stored only if it had one). */
    private void addBackoffReset(Tower t, List<OutboxChange> changes) {
        if (state.backoff(t.id()).failures() > 0) {
            changes.add(new OutboxChange.BackedOff(t.id(), 0, 0));
        }
    }

    private FlushReport.Outcome.RetryLater retryLater(Tower t, String reason) {
        synchronized (stateLock) {
            int failures = Math.min(state.backoff(t.id()).failures() + 1, 62);
            long notBefore = clock.currentTimeMillis() + backoff.delayMillis(failures, jitter.nextDouble());
            OutboxChange.BackedOff b = new OutboxChange.BackedOff(t.id(), failures, notBefore);
            try {
                commit(Collections.singletonList(b));
            } catch (IOException e) {
                // The backoff is advice, not data: keep it in memory and say so.
                log.log(SdkLog.Level.WARN, "the backoff of " + t.id() + " could not be stored: " + e);
                state.apply(b);
            }
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " unavailable (" + reason + "), retry after " + notBefore);
            return new FlushReport.Outcome.RetryLater(notBefore, reason);
        }
    }

    /** Under stateLock. Kept in memory even if the store fails: the tower gets nothing more either way. */
    private void markMisbehaving(Misbehaviour m) {
        log.log(SdkLog.Level.WARN, "tower " + m.tower() + " is misbehaving: " + m.reason());
        OutboxChange.MisbehaviourFound change = new OutboxChange.MisbehaviourFound(m);
        try {
            commit(Collections.singletonList(change));
        } catch (IOException e) {
            log.log(SdkLog.Level.WARN, "the misbehaviour of " + m.tower() + " could not be stored: " + e);
            state.apply(change);
        }
    }

    /** Under stateLock: stores {@code changes}, then applies them (the store first, so memory never runs ahead). */
    private void commit(List<OutboxChange> changes) throws IOException {
        store.append(OutboxCodec.encodeBatch(changes));
        changes.forEach(state::apply);
    }

    /**
     * Under stateLock, from a flush (never from a wallet's per-state call, whose budget is one fsync):
     * once the log holds more than {@link #COMPACT_AFTER_BYTES}, replaces it with one snapshot.
     */
    private void compactIfLarge() {
        if (store.appendedBytes() > COMPACT_AFTER_BYTES) {
            try {
                store.rewrite(OutboxCodec.encodeSnapshot(state));
            } catch (IOException e) {
                log.log(SdkLog.Level.WARN, "the outbox could not be compacted (it stays as it is): " + e);
            }
        }
    }

    private Optional<Misbehaviour> misbehaviour(Tower t) {
        synchronized (stateLock) {
            return state.misbehaviour(t.id());
        }
    }

    private Optional<Subscription> subscription(Tower t) {
        synchronized (stateLock) {
            return state.subscription(t.id());
        }
    }

    private FlushReport.TowerFlush report(Tower t, int delivered, FlushReport.Outcome outcome) {
        synchronized (stateLock) {
            return new FlushReport.TowerFlush(t.id(), delivered, state.pendingCount(t.id()), outcome);
        }
    }

    private Tower tower(TowerId id) {
        Objects.requireNonNull(id, "tower");
        for (Tower t : towers) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a configured tower: " + id);
    }

    private static Optional<ApiError> apiError(TransportResult.Answered a) {
        Parsed<ApiError> p = TeosJson.parseApiError(a.body());
        return p instanceof Parsed.Ok<ApiError> ok ? Optional.of(ok.value()) : Optional.empty();
    }
}
