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

/**
 * A teos tower in memory behind a scripted {@link Transport}: it answers register, add_appointment
 * and get_appointment as teos does, signing with its own key, and fails on command (down, busy,
 * signing with the wrong key, a start_block outside the subscription, forgetting appointments).
 * Each tower is reached at {@code http://<name>.test:9814}; it records every request path it got.
 * Its chain tip ({@link #tip}) can be moved; registrations run {@link #DURATION} blocks from it.
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
    private final PrivateKey wrongKey;

    FakeTower(String name) {
        this.name = name;
        this.key = new PrivateKey(Bytes.of(Hashes.sha256(("tower/" + name).getBytes(StandardCharsets.UTF_8))));
        this.wrongKey = new PrivateKey(Bytes.of(Hashes.sha256(("not-the-tower/" + name).getBytes(StandardCharsets.UTF_8))));
        this.id = new TowerId(new PublicKey(SECP.publicKey(key)));
        this.endpoint = new TowerEndpoint(URI.create("http://" + name + ".test:9814"), id);
    }

    /** Routes a request to whichever of {@code towers} has the URL's host. */
    static Transport routing(FakeTower... towers) {
        return (url, body) -> {
            for (FakeTower t : towers) {
                if (url.getHost().equals(t.name + ".test")) {
                    return t.post(url, body);
                }
            }
            return new TransportResult.Unreachable("unknown host " + url.getHost());
        };
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
