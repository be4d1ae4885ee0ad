package dev.vigil.clientsdk;

import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.monitor.BlockHash;
import dev.vigil.towerprotocol.monitor.EventCodec.SignedEvent;
import dev.vigil.towerprotocol.monitor.EventId;
import dev.vigil.towerprotocol.monitor.EventSignature;
import dev.vigil.towerprotocol.monitor.MonitorEvent;
import dev.vigil.towerprotocol.monitor.MonitorJson;
import dev.vigil.towerprotocol.monitor.MonitorMessages;
import dev.vigil.towerprotocol.monitor.MonitorRequests;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.signing.UserRequests;
import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.Parsed;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A teos tower in memory behind a scripted {@link Transport}: it answers register, add_appointment
 * and get_appointment as teos does, signing with its own key, and fails on command (down, busy,
 * signing with the wrong key, a start_block outside the subscription, forgetting appointments).
 * Each tower is reached at {@code http://<name>.test:9814}; it records every request path it got.
 * Its chain tip ({@link #tip}) can be moved; registrations run {@link #DURATION} blocks from it.
 *
 * <p>Monitoring pull (docs/monitoring.md 5.2): {@code GET /monitor/info} gives its tip;
 * {@code POST /monitor/events} recovers the user from the signature over the exact message of
 * {@link MonitorRequests#events} (a request whose signature recovers to nobody registered is code 7),
 * refuses a height outside {@code [tip - 6, tip + 1]} with 129 and {@code tower_height}, a cursor
 * beyond the head with 125, and answers a page of the user's {@link #eventLog} (events a test signs
 * with {@link #append}, or forges and adds itself).
 */
final class FakeTower implements Transport {
    static final Secp256k1 SECP = Secp256k1Backends.best();
    static final LightningMessageSigner SIGNER = new LightningMessageSigner(SECP);
    static final long TIP = 800;
    static final long SLOTS = 100;
    static final long DURATION = 4032;

    enum Mode { OK, DOWN, BUSY, BAD_RECEIPT_SIGNATURE, BAD_REGISTRATION_SIGNATURE, START_BLOCK_IN_THE_PAST, FORGETFUL, CAPTIVE_PORTAL, REFUSES_APPOINTMENTS }

    final String name;
    final PrivateKey key;
    final TowerId id;
    final TowerEndpoint endpoint;
    final List<String> requests = new ArrayList<>();
    final Map<UserId, Map<Locator, Appointment>> watched = new HashMap<>();
    /** Each user's subscription expiry, as its last registration set it. */
    private final Map<UserId, Long> expiries = new HashMap<>();
    volatile Mode mode = Mode.OK;
    /** The tower's chain tip: a registration starts there, a receipt's start_block is it. */
    volatile long tip = TIP;
    private final TeosJson json = new TeosJson(SECP, 1 << 20);
    final PrivateKey wrongKey;
    final EventSignature eventSignature = new EventSignature(SIGNER);
    /** Each user's events, in the order the page lists them. */
    final Map<UserId, List<SignedEvent>> eventLog = new HashMap<>();
    /** Each user's oldest cursor still held (pruned ones below it); 1 by default. */
    final Map<UserId, Long> oldest = new HashMap<>();
    /** What happens to a pull answer's bytes on their way (a relay, a proxy); unchanged by default. */
    volatile UnaryOperator<byte[]> pageFilter = page -> page;
    /** The pull requests it answered or refused, as parsed. */
    final List<MonitorMessages.EventsRequest> pulls = new ArrayList<>();

    FakeTower(String name) {
        this.name = name;
        this.key = new PrivateKey(Bytes.of(Hashes.sha256(("tower/" + name).getBytes(StandardCharsets.UTF_8))));
        this.wrongKey = new PrivateKey(Bytes.of(Hashes.sha256(("not-the-tower/" + name).getBytes(StandardCharsets.UTF_8))));
        this.id = new TowerId(new PublicKey(SECP.publicKey(key)));
        this.endpoint = new TowerEndpoint(URI.create("http://" + name + ".test:9814"), id);
    }

    /** Routes a request to whichever of {@code towers} has the URL's host. */
    static Transport routing(FakeTower... towers) {
        return new Transport() {
            @Override
            public TransportResult post(URI url, byte[] body) {
                FakeTower t = host(url);
                return t == null ? new TransportResult.Unreachable("unknown host " + url.getHost()) : t.post(url, body);
            }

            @Override
            public TransportResult get(URI url) {
                FakeTower t = host(url);
                return t == null ? new TransportResult.Unreachable("unknown host " + url.getHost()) : t.get(url);
            }

            private FakeTower host(URI url) {
                for (FakeTower t : towers) {
                    if (url.getHost().equals(t.name + ".test")) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    /**
     * Signs the user's next event with the tower key and adds it to its log: {@code make} gets the
     * head (next cursor, its id, the user, the tip and a block hash of it).
     */
    synchronized SignedEvent append(UserId user, Function<MonitorEvent.Head, MonitorEvent> make) {
        List<SignedEvent> log = eventLog.computeIfAbsent(user, u -> new ArrayList<>());
        long cursor = log.isEmpty() ? oldest.getOrDefault(user, 1L) : log.get(log.size() - 1).event().head().cursor() + 1;
        SignedEvent e = eventSignature.signed(make.apply(head(user, cursor)), key);
        log.add(e);
        return e;
    }

    /** The head the tower gives the user's event at {@code cursor}. */
    MonitorEvent.Head head(UserId user, long cursor) {
        return new MonitorEvent.Head(cursor, EventId.of(id, user, cursor), user, tip,
                new BlockHash(Bytes.of(Hashes.sha256(("block " + tip).getBytes(StandardCharsets.UTF_8)))));
    }

    @Override
    public synchronized TransportResult get(URI url) {
        String path = url.getPath();
        requests.add("GET " + path);
        if (mode == Mode.DOWN) {
            return new TransportResult.Unreachable("connection refused");
        }
        if (!path.equals("/monitor/info")) {
            return new TransportResult.Answered(404, new byte[0]);
        }
        return answer(MonitorJson.toJson(new MonitorMessages.InfoResponse(id, tip, 1, 1, 1000, 1000, 15, true)));
    }

    private TransportResult events(byte[] body) {
        MonitorMessages.EventsRequest r = ok(MonitorJson.parseEventsRequest(body));
        pulls.add(r);
        byte[] message = MonitorRequests.events(id, r.height(), r.after(), r.limit());
        UserId user = new UserId(SIGNER.recover(message, r.signature()).orElseThrow());
        if (!watched.containsKey(user)) {
            return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "User cannot be authenticated"));
        }
        if (r.height() < tip - 6 || r.height() > tip + 1) {
            // The message names the member too, so a client that searched the text would retry with 1.
            String json = "{\"error\":\"height " + r.height() + " is not the tower's (\\\"tower_height\\\":1)\",\"error_code\":"
                    + ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE.code() + ",\"tower_height\":" + tip + "}";
            return new TransportResult.Answered(ErrorCode.REQUEST_HEIGHT_OUT_OF_RANGE.httpStatus(), TeosJson.utf8(json));
        }
        List<SignedEvent> log = eventLog.getOrDefault(user, List.of());
        long first = oldest.getOrDefault(user, 1L);
        long head = log.isEmpty() ? first - 1 : log.get(log.size() - 1).event().head().cursor();
        if (r.after() > head) {
            return error(new ApiError(ErrorCode.CURSOR_AHEAD, "after " + r.after() + " is beyond the head " + head));
        }
        List<SignedEvent> page = new ArrayList<>();
        for (SignedEvent e : log) {
            if (e.event().head().cursor() > r.after() && page.size() < r.limit()) {
                page.add(e);
            }
        }
        byte[] json = MonitorJson.toJson(new MonitorMessages.EventsPage(page, head, first, r.after() + 1 < first, tip));
        return new TransportResult.Answered(200, pageFilter.apply(json));
    }

    /** How many requests it got, from any thread. */
    synchronized int requestCount() {
        return requests.size();
    }

    synchronized long requestsTo(String path) {
        return requests.stream().filter(path::equals).count();
    }

    @Override
    public synchronized TransportResult post(URI url, byte[] body) {
        String path = url.getPath();
        requests.add(path);
        if (mode == Mode.DOWN) {
            return new TransportResult.Unreachable("connection refused");
        }
        if (mode == Mode.CAPTIVE_PORTAL) {
            return new TransportResult.Answered(403, "<html>log in to the hotel wifi</html>".getBytes(StandardCharsets.UTF_8));
        }
        if (mode == Mode.BUSY) {
            return error(new ApiError(ErrorCode.SERVICE_UNAVAILABLE, "service unavailable"));
        }
        switch (path) {
            case "/register": {
                Messages.RegisterRequest r = ok(json.parseRegisterRequest(body));
                RegistrationReceipt receipt = new RegistrationReceipt(r.userId(), SLOTS, tip, tip + DURATION);
                watched.computeIfAbsent(r.userId(), u -> new HashMap<>());
                expiries.put(r.userId(), tip + DURATION);
                PrivateKey signing = mode == Mode.BAD_REGISTRATION_SIGNATURE ? wrongKey : key;
                return answer(TeosJson.toJson(new Messages.RegisterResponse(receipt, SIGNER.sign(receipt.serialize(), signing))));
            }
            case "/add_appointment": {
                Messages.AddAppointmentRequest r = ok(json.parseAddAppointmentRequest(body));
                if (mode == Mode.REFUSES_APPOINTMENTS) {
                    return error(new ApiError(ErrorCode.APPOINTMENT_FIELD_TOO_BIG, "`encrypted_blob` is over this tower's maximum"));
                }
                UserId user = new UserId(SIGNER.recover(UserRequests.addAppointment(r.appointment()), r.signature()).orElseThrow());
                Map<Locator, Appointment> mine = watched.get(user);
                if (mine == null) {
                    return error(new ApiError(ErrorCode.INVALID_SIGNATURE_OR_SUBSCRIPTION_ERROR, "Invalid signature or user does not have enough slots available"));
                }
                mine.put(r.appointment().locator(), r.appointment());
                long startBlock = mode == Mode.START_BLOCK_IN_THE_PAST ? tip - 500 : tip;
                AppointmentReceipt receipt = new AppointmentReceipt(r.signature(), startBlock);
                PrivateKey signing = mode == Mode.BAD_RECEIPT_SIGNATURE ? wrongKey : key;
                return answer(TeosJson.toJson(new Messages.AddAppointmentResponse(r.appointment().locator(), startBlock,
                        SIGNER.sign(receipt.serialize(), signing), SLOTS - mine.size(), expiries.get(user))));
            }
            case "/get_appointment": {
                Messages.GetAppointmentRequest r = ok(json.parseGetAppointmentRequest(body));
                UserId user = new UserId(SIGNER.recover(UserRequests.getAppointment(r.locator()), r.signature()).orElseThrow());
                Appointment a = mode == Mode.FORGETFUL ? null : watched.getOrDefault(user, Map.of()).get(r.locator());
                if (a == null) {
                    return new TransportResult.Answered(404, TeosJson.utf8(TeosJson.toJson(
                            new ApiError(ErrorCode.APPOINTMENT_NOT_FOUND, "Appointment not found"))));
                }
                return answer(TeosJson.toJson(new Messages.GetAppointmentResponse.BeingWatched(a)));
            }
            case "/monitor/events":
                return events(body);
            default:
                return new TransportResult.Answered(404, new byte[0]);
        }
    }

    private static <T> T ok(Parsed<T> p) {
        if (p instanceof Parsed.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("the client sent a request teos refuses: " + ((Parsed.Invalid<T>) p).error());
    }

    private static TransportResult answer(String json) {
        return new TransportResult.Answered(200, TeosJson.utf8(json));
    }

    private static TransportResult error(ApiError e) {
        return new TransportResult.Answered(e.httpStatus(), TeosJson.utf8(TeosJson.toJson(e)));
    }
}
