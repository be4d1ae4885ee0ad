package dev.vigil.e2e.scenarios;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.crypto.Hashes;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.AppointmentReceipt;
import dev.vigil.towerprotocol.signing.LightningMessageSigner;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.wire.ApiError;
import dev.vigil.towerprotocol.wire.ErrorCode;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.Parsed;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dishonest teos tower over real HTTP: it registers users and signs a receipt for every
 * appointment exactly as teos does (registration receipt and appointment receipt signed with its
 * key, Lightning message signing, DESIGN §2), so a client accepts them, but it keeps nothing: every
 * {@code get_appointment} is answered with teos's 404 {@code APPOINTMENT_NOT_FOUND}. A wallet that
 * trusted it would be unprotected; the receipt it signed is the proof.
 */
final class ForgetfulTower implements AutoCloseable {
    /** teos's defaults: 10,000 slots for 4,320 blocks (about 30 days). */
    static final long SLOTS = 10_000;
    static final long DURATION = 4_320;
    private static final Secp256k1 SECP = Secp256k1Backends.best();
    private static final LightningMessageSigner SIGNER = new LightningMessageSigner(SECP);

    private final PrivateKey key;
    private final TowerId id;
    private final long tip;
    private final HttpServer server;
    private final TeosJson json = new TeosJson(SECP, 1 << 20);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();

    private ForgetfulTower(String label, long tip) throws IOException {
        this.key = new PrivateKey(Bytes.of(Hashes.sha256((label + "/forgetful-tower").getBytes(StandardCharsets.UTF_8))));
        this.id = new TowerId(new PublicKey(SECP.publicKey(key)));
        this.tip = tip;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
    }

    /** Listens on a free loopback port; subscriptions start and receipts are dated at {@code tip}. */
    static ForgetfulTower start(String label, long tip) throws IOException {
        ForgetfulTower t = new ForgetfulTower(label, tip);
        t.server.start();
        return t;
    }

    TowerId id() {
        return id;
    }

    TowerEndpoint endpoint() {
        return SdkWallet.endpoint(server.getAddress().getPort(), id);
    }

    /** How many requests came to {@code path} (such as {@code /add_appointment}). */
    long requestsTo(String path) {
        return requests.stream().filter(path::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            answer(exchange, path, body);
        } catch (RuntimeException e) {
            reply(exchange, 400, TeosJson.toJson(new ApiError(ErrorCode.INVALID_REQUEST_FORMAT, e.getMessage())));
        }
    }

    private void answer(HttpExchange exchange, String path, byte[] body) throws IOException {
        switch (path) {
            case "/register" -> {
                Messages.RegisterRequest r = ok(json.parseRegisterRequest(body));
                RegistrationReceipt receipt = new RegistrationReceipt(r.userId(), SLOTS, tip, tip + DURATION);
                reply(exchange, 200, TeosJson.toJson(new Messages.RegisterResponse(receipt, SIGNER.sign(receipt.serialize(), key))));
            }
            case "/add_appointment" -> {
                // teos signs the user's signature and the start block (AppointmentReceipt); then this one forgets.
                Messages.AddAppointmentRequest r = ok(json.parseAddAppointmentRequest(body));
                AppointmentReceipt receipt = new AppointmentReceipt(r.signature(), tip);
                reply(exchange, 200, TeosJson.toJson(new Messages.AddAppointmentResponse(r.appointment().locator(), tip,
                        SIGNER.sign(receipt.serialize(), key), SLOTS - accepted.incrementAndGet(), tip + DURATION)));
            }
            case "/get_appointment" -> {
                ok(json.parseGetAppointmentRequest(body));
                reply(exchange, 404, TeosJson.toJson(new ApiError(ErrorCode.APPOINTMENT_NOT_FOUND, "Appointment not found")));
            }
            default -> reply(exchange, 404, "");
        }
    }

    private static <T> T ok(Parsed<T> p) {
        if (p instanceof Parsed.Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("the client sent a request teos refuses: " + ((Parsed.Invalid<T>) p).error());
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = TeosJson.utf8(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
