package dev.vigil.clientsdk;

import dev.vigil.clientsdk.keys.TowerUserKeys;
import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.clientsdk.outbox.OutboxSnapshot;
import dev.vigil.clientsdk.outbox.OutboxSnapshotCodec;
import dev.vigil.clientsdk.outbox.PendingAppointment;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.outbox.SnapshotStore;
import dev.vigil.clientsdk.transport.HttpUrlConnectionTransport;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.JusticeTxBuilder;
import dev.vigil.justicetxbuilder.justice.NotACommitment;
import dev.vigil.justicetxbuilder.justice.Recognition;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.justice.Sweep;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The wallet's client of one or more towers (teos HTTP API, DESIGN §2, §7).
 *
 * <p>{@link #addAppointment} encrypts a justice transaction under its dispute txid (BlobCipher),
 * signs one appointment per tower with that tower's user key ({@link TowerUserKeys}) and stores them
 * in the outbox before it returns. {@link #flush()} registers where needed and delivers, tower after
 * tower; an appointment leaves a tower's outbox only when the tower's receipt verifies: its
 * signature recovers to the configured tower id and its {@code start_block} lies within the
 * subscription the tower signed. A receipt that does not verify marks the tower misbehaving, with the
 * receipt kept as proof; it then gets nothing more. A tower that is unreachable or answers 503 is
 * retried by a later flush after a backoff with jitter, and never holds the other towers back: each
 * flush moves on to the next tower at its first such failure.
 *
 * <p>Threads: thread-safe, and no threads of its own. Every method blocks on the calling thread;
 * {@link #flush()}, {@link #register()} and {@link #getAppointment} make network calls (bounded by the
 * transport's timeouts) and belong on a background thread; {@link #addAppointment} does one durable
 * write. State changes are serialised under one lock that is never held across a network call;
 * flushes (and registrations) run one at a time.
 */
public final class TowerClient {
    /** The default cap on pending appointments per tower. */
    public static final int DEFAULT_OUTBOX_CAP = 10_000;
    private static final int MAX_BLOB_BYTES = HttpUrlConnectionTransport.MAX_BODY_BYTES;

    private final List<Tower> towers;
    private final Transport transport;
    private final SnapshotStore store;
    private final Clock clock;
    private final SdkLog log;
    private final Backoff backoff;
    private final Random jitter;
    private final int outboxCap;
    private final LightningMessageSigner signer;
    private final TeosJson json;

    private final Object stateLock = new Object();
    private final ReentrantLock networkLock = new ReentrantLock();
    private OutboxSnapshot state; // guarded by stateLock; replaced only after the store saved it

    /** A configured tower: its endpoint, our key there, and its backoff (in memory: a restart retries at once). */
    private static final class Tower {
        final TowerEndpoint endpoint;
        final PrivateKey userKey;
        final UserId userId;
        int failures; // guarded by stateLock
        long notBeforeMillis; // guarded by stateLock

        Tower(TowerEndpoint endpoint, PrivateKey userKey, UserId userId) {
            this.endpoint = endpoint;
            this.userKey = userKey;
            this.userId = userId;
        }

        TowerId id() {
            return endpoint.towerId();
        }
    }

    private TowerClient(Builder b, OutboxSnapshot loaded) {
        Secp256k1 secp = b.secp;
        this.signer = new LightningMessageSigner(secp);
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
        this.jitter = b.jitter;
        this.outboxCap = b.outboxCap;
        this.state = loaded;
    }

    /** Starts a builder for a wallet whose tower keys derive from {@code walletSecret} (at least 16 bytes). */
    public static Builder builder(Bytes walletSecret, SnapshotStore store) {
        return new Builder(walletSecret, store);
    }

    /** Configuration of a {@link TowerClient}; not thread-safe, used once. */
    public static final class Builder {
        private final Bytes walletSecret;
        private final SnapshotStore store;
        private final Map<TowerId, TowerEndpoint> towers = new LinkedHashMap<>();
        private Transport transport;
        private Clock clock = Clock.SYSTEM;
        private SdkLog log = SdkLog.SILENT;
        private Backoff backoff = Backoff.DEFAULT;
        private Random jitter;
        private int outboxCap = DEFAULT_OUTBOX_CAP;
        private Secp256k1 secp;

        private Builder(Bytes walletSecret, SnapshotStore store) {
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
         * store cannot be read, or its snapshot is damaged (never silently starting empty).
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
            Optional<byte[]> bytes = store.load();
            OutboxSnapshot loaded = OutboxSnapshot.EMPTY;
            if (bytes.isPresent()) {
                OutboxSnapshotCodec.Decoded d = OutboxSnapshotCodec.decode(bytes.get());
                if (d instanceof OutboxSnapshotCodec.Decoded.Corrupt c) {
                    throw new IOException("the outbox snapshot is damaged: " + c.reason());
                }
                loaded = ((OutboxSnapshotCodec.Decoded.Ok) d).snapshot();
            }
            return new TowerClient(this, loaded);
        }
    }

    // ------------------------------------------------------------------ the wallet's calls

    /** The user id each tower knows us by (distinct per tower). */
    public UserId userId(TowerId tower) {
        return tower(tower).userId;
    }

    /**
     * Hands a justice transaction to every tower: encrypted under {@code disputeTxid} (the revoked
     * commitment's txid), signed per tower, and durably in each tower's outbox when this returns
     * {@link EnqueueResult.Enqueued}. An appointment for a locator already pending at a tower
     * replaces it there (teos updates an appointment with the same locator). Does no network call.
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
        Locator locator = disputeTxid.locator();
        Appointment appointment = new Appointment(locator, BlobCipher.encrypt(justiceTx, disputeTxid), toSelfDelay);
        byte[] signed = UserRequests.addAppointment(appointment);
        // Signing is CPU work: done before taking the lock.
        Map<TowerId, String> signatures = new HashMap<>();
        for (Tower t : towers) {
            signatures.put(t.id(), signer.sign(signed, t.userKey));
        }
        synchronized (stateLock) {
            long now = clock.currentTimeMillis();
            List<TowerId> queued = new ArrayList<>();
            List<EnqueueResult.OutboxFull> full = new ArrayList<>();
            List<TowerId> misbehaving = new ArrayList<>();
            List<PendingAppointment> pending = new ArrayList<>(state.pending());
            for (Tower t : towers) {
                if (state.misbehaving().containsKey(t.id())) {
                    misbehaving.add(t.id());
                    continue;
                }
                int replaced = indexOf(pending, t.id(), locator);
                PendingAppointment p = new PendingAppointment(t.id(), appointment, signatures.get(t.id()), now, Optional.empty());
                if (replaced >= 0) {
                    pending.set(replaced, p);
                } else if (count(pending, t.id()) >= outboxCap) {
                    full.add(new EnqueueResult.OutboxFull(t.id(), outboxCap));
                    continue;
                } else {
                    pending.add(p);
                }
                queued.add(t.id());
            }
            if (queued.isEmpty()) {
                log.log(SdkLog.Level.WARN, "appointment " + locator + " refused: outboxes full " + full + ", misbehaving " + misbehaving);
                return new EnqueueResult.Refused(locator, full, misbehaving);
            }
            try {
                commit(new OutboxSnapshot(state.subscriptions(), state.misbehaving(), pending, state.receipts()));
            } catch (IOException e) {
                return new EnqueueResult.NotStored(e.toString());
            }
            if (!full.isEmpty()) {
                log.log(SdkLog.Level.WARN, "appointment " + locator + " not queued for towers with a full outbox: " + full);
            }
            return new EnqueueResult.Enqueued(locator, queued, full, misbehaving);
        }
    }

    /**
     * Builds and signs the justice transaction for a counterparty commitment the wallet just revoked
     * (to_local and every HTLC output, with justice-tx-builder), then {@link #addAppointment adds} it
     * under the commitment's txid with the channel's {@code to_self_delay}. A transaction that is not
     * a commitment of {@code channel} is refused before anything is built or stored. CPU work (the
     * justice signatures) and one durable write; no network call.
     */
    public RevocationResult onRevokedCommitment(JusticeTxBuilder channel, RevokedCommitment revoked, Sweep sweep) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(sweep, "sweep");
        Recognition recognition = channel.recognise(revoked.commitmentTx());
        if (recognition instanceof NotACommitment n) {
            return new RevocationResult.NotThisChannel(n.reason());
        }
        Txid commitmentTxid = ((Recognition.Commitment) recognition).txid();
        JusticeResult justice = channel.build(revoked, sweep);
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
        JusticeResult.Built built = (JusticeResult.Built) justice;
        if (built.transactions().size() > 1) {
            return new RevocationResult.NeedsSeveralTransactions(built.transactions().size());
        }
        EnqueueResult enqueued = addAppointment(commitmentTxid, built.only().rawTx(), channel.channel().remoteToSelfDelay());
        return new RevocationResult.Built(built.only(), enqueued);
    }

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
     * registered, then sends its pending appointments oldest first and keeps each verified receipt.
     * A tower in its backoff is skipped; an unreachable or busy one stops at its first failure and is
     * scheduled for later; a 401 (subscription gone or used up) triggers one re-registration.
     */
    public FlushReport flush() {
        networkLock.lock();
        try {
            List<FlushReport.TowerFlush> out = new ArrayList<>();
            for (Tower t : towers) {
                out.add(flushTower(t));
            }
            return new FlushReport(out);
        } finally {
            networkLock.unlock();
        }
    }

    /**
     * Asks {@code tower} for the appointment at {@code locator} ({@code get_appointment}, signed with
     * our key there). A {@code not_found} for an appointment the tower signed a receipt for marks the
     * tower misbehaving, with that receipt as proof.
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
            return new AppointmentLookup.Failed("not a get_appointment answer: " + ((Parsed.Invalid<?>) p).error().message());
        }
        Optional<ApiError> error = apiError(a);
        if (a.status() == 404 && error.isPresent() && error.get().code() == ErrorCode.APPOINTMENT_NOT_FOUND) {
            synchronized (stateLock) {
                Optional<ReceiptProof> proof = state.receiptsFrom(tower).stream()
                        .filter(rp -> rp.appointment().locator().equals(locator)).reduce((first, second) -> second);
                if (!proof.isPresent()) {
                    return new AppointmentLookup.NotFound(Optional.empty());
                }
                Misbehaviour m = new Misbehaviour(tower, clock.currentTimeMillis(),
                        "answered not_found for an appointment it signed a receipt for", proof);
                markMisbehaving(m);
                return new AppointmentLookup.NotFound(Optional.of(m));
            }
        }
        return new AppointmentLookup.Failed("HTTP " + a.status() + error.map(e -> ": " + e.code() + " " + e.message()).orElse(""));
    }

    /** Every configured tower's status, in configuration order. */
    public List<TowerStatus> statuses() {
        synchronized (stateLock) {
            return towers.stream().map(this::statusOf).collect(Collectors.collectingAndThen(Collectors.toList(),
                    Collections::unmodifiableList));
        }
    }

    /** {@code tower}'s status. */
    public TowerStatus status(TowerId tower) {
        synchronized (stateLock) {
            return statusOf(tower(tower));
        }
    }

    /** The verified receipts {@code tower} gave, oldest first: the proof that it accepted each. */
    public List<ReceiptProof> receipts(TowerId tower) {
        tower(tower);
        synchronized (stateLock) {
            return Collections.unmodifiableList(state.receiptsFrom(tower));
        }
    }

    /** The appointments waiting for {@code tower}, oldest first. */
    public List<PendingAppointment> pending(TowerId tower) {
        tower(tower);
        synchronized (stateLock) {
            return Collections.unmodifiableList(state.pendingFor(tower));
        }
    }

    // ------------------------------------------------------------------ per tower

    private TowerStatus statusOf(Tower t) {
        List<PendingAppointment> p = state.pendingFor(t.id());
        int rejected = (int) p.stream().filter(x -> x.rejection().isPresent()).count();
        return new TowerStatus(t.endpoint, t.userId, Optional.ofNullable(state.subscriptions().get(t.id())), p.size(), rejected,
                state.receiptsFrom(t.id()).size(), Optional.ofNullable(state.misbehaving().get(t.id())), t.notBeforeMillis);
    }

    private FlushReport.TowerFlush flushTower(Tower t) {
        Optional<Misbehaviour> bad = misbehaviour(t);
        if (bad.isPresent()) {
            return report(t, 0, new FlushReport.Outcome.Misbehaving(bad.get()));
        }
        synchronized (stateLock) {
            if (clock.currentTimeMillis() < t.notBeforeMillis) {
                return report(t, 0, new FlushReport.Outcome.NotContacted("backing off until " + t.notBeforeMillis));
            }
        }
        if (!subscription(t).isPresent()) {
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
                next = state.pendingFor(t.id()).stream().filter(p -> !p.rejection().isPresent()).findFirst();
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
            if (error.isPresent() && error.get().code() == ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR && !reRegistered) {
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
                List<PendingAppointment> pending = new ArrayList<>(state.pending());
                int i = pending.indexOf(p);
                if (i >= 0) {
                    pending.set(i, p.rejected(detail));
                    try {
                        commit(new OutboxSnapshot(state.subscriptions(), state.misbehaving(), pending, state.receipts()));
                    } catch (IOException e) {
                        return report(t, delivered, new FlushReport.Outcome.StoreFailed(e.toString()));
                    }
                }
            }
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
        ReceiptProof proof = new ReceiptProof(t.id(), p.appointment(), p.userSignature(), resp.startBlock(), resp.signature());
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
            List<PendingAppointment> pending = new ArrayList<>(state.pending());
            pending.remove(p);
            List<ReceiptProof> receipts = new ArrayList<>(state.receipts());
            receipts.add(proof);
            Map<TowerId, Subscription> subs = new HashMap<>(state.subscriptions());
            Subscription old = subs.get(t.id());
            if (old != null && resp.subscriptionExpiry() >= old.start()) {
                subs.put(t.id(), new Subscription(resp.availableSlots(), old.start(), resp.subscriptionExpiry()));
            }
            try {
                commit(new OutboxSnapshot(subs, state.misbehaving(), pending, receipts));
            } catch (IOException e) {
                return new FlushReport.Outcome.StoreFailed(e.toString());
            }
            t.failures = 0;
            t.notBeforeMillis = 0;
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
            Map<TowerId, Subscription> subs = new HashMap<>(state.subscriptions());
            subs.put(t.id(), sub);
            try {
                commit(new OutboxSnapshot(subs, state.misbehaving(), state.pending(), state.receipts()));
            } catch (IOException e) {
                return new RegistrationResult.Rejected(t.id(), 200, "the subscription could not be stored: " + e);
            }
            t.failures = 0;
            t.notBeforeMillis = 0;
            log.log(SdkLog.Level.INFO, "registered with tower " + t.id() + ": " + sub);
            return new RegistrationResult.Registered(t.id(), sub);
        }
    }

    private FlushReport.Outcome.RetryLater retryLater(Tower t, String reason) {
        synchronized (stateLock) {
            t.failures = Math.min(t.failures + 1, 62);
            t.notBeforeMillis = clock.currentTimeMillis() + backoff.delayMillis(t.failures, jitter.nextDouble());
            log.log(SdkLog.Level.WARN, "tower " + t.id() + " unavailable (" + reason + "), retry after " + t.notBeforeMillis);
            return new FlushReport.Outcome.RetryLater(t.notBeforeMillis, reason);
        }
    }

    /** Under stateLock. Kept in memory even if the store fails: the tower gets nothing more either way. */
    private void markMisbehaving(Misbehaviour m) {
        log.log(SdkLog.Level.WARN, "tower " + m.tower() + " is misbehaving: " + m.reason());
        Map<TowerId, Misbehaviour> bad = new HashMap<>(state.misbehaving());
        bad.put(m.tower(), m);
        OutboxSnapshot next = new OutboxSnapshot(state.subscriptions(), bad, state.pending(), state.receipts());
        try {
            commit(next);
        } catch (IOException e) {
            log.log(SdkLog.Level.WARN, "the misbehaviour of " + m.tower() + " could not be stored: " + e);
            state = next;
        }
    }

    /** Under stateLock: saves {@code next}, then makes it the state (the store first, so memory never runs ahead). */
    private void commit(OutboxSnapshot next) throws IOException {
        store.save(OutboxSnapshotCodec.encode(next));
        state = next;
    }

    private Optional<Misbehaviour> misbehaviour(Tower t) {
        synchronized (stateLock) {
            return Optional.ofNullable(state.misbehaving().get(t.id()));
        }
    }

    private Optional<Subscription> subscription(Tower t) {
        synchronized (stateLock) {
            return Optional.ofNullable(state.subscriptions().get(t.id()));
        }
    }

    private FlushReport.TowerFlush report(Tower t, int delivered, FlushReport.Outcome outcome) {
        synchronized (stateLock) {
            return new FlushReport.TowerFlush(t.id(), delivered, state.pendingFor(t.id()).size(), outcome);
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

    private static int indexOf(List<PendingAppointment> pending, TowerId tower, Locator locator) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).tower().equals(tower) && pending.get(i).appointment().locator().equals(locator)) {
                return i;
            }
        }
        return -1;
    }

    private static int count(List<PendingAppointment> pending, TowerId tower) {
        int n = 0;
        for (PendingAppointment p : pending) {
            if (p.tower().equals(tower)) {
                n++;
            }
        }
        return n;
    }

}
