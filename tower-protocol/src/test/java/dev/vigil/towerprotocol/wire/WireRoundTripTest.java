package dev.vigil.towerprotocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.towerprotocol.Appointment;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.PublicKey;
import dev.vigil.towerprotocol.Txid;
import dev.vigil.towerprotocol.Uint32;
import dev.vigil.towerprotocol.UserId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.signing.RegistrationReceipt;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.AddAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentRequest;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentResponse;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoRequest;
import dev.vigil.towerprotocol.wire.Messages.GetSubscriptionInfoResponse;
import dev.vigil.towerprotocol.wire.Messages.RegisterRequest;
import dev.vigil.towerprotocol.wire.Messages.RegisterResponse;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded property test: any valid body written by {@link TeosJson} parses back to the same value. */
class WireRoundTripTest {
    private static final Secp256k1 SECP = Secp256k1Backends.best();
    private static final int MAX_BLOB = 8192;
    private static final TeosJson JSON = new TeosJson(SECP, MAX_BLOB);
    private final Random random = new Random(0xd70);

    @Test
    void everyMessageRoundTrips() {
        for (int i = 0; i < 300; i++) {
            UserId user = new UserId(new PublicKey(SECP.publicKey(privateKey())));
            Appointment appointment = new Appointment(new Locator(bytes(16)),
                    bytes(TeosJson.MIN_ENCRYPTED_BLOB_BYTES + random.nextInt(MAX_BLOB - TeosJson.MIN_ENCRYPTED_BLOB_BYTES + 1)), u32());
            String sig = zbase32Signature();

            roundTrip(new RegisterRequest(user), TeosJson.toJson(new RegisterRequest(user)), JSON::parseRegisterRequest);
            RegisterResponse rr = new RegisterResponse(new RegistrationReceipt(user, u32(), u32(), u32()), sig);
            roundTrip(rr, TeosJson.toJson(rr), JSON::parseRegisterResponse);
            AddAppointmentRequest aq = new AddAppointmentRequest(appointment, sig);
            roundTrip(aq, TeosJson.toJson(aq), JSON::parseAddAppointmentRequest);
            AddAppointmentResponse as = new AddAppointmentResponse(appointment.locator(), u32(), sig, u32(), u32());
            roundTrip(as, TeosJson.toJson(as), JSON::parseAddAppointmentResponse);
            GetAppointmentRequest gq = new GetAppointmentRequest(appointment.locator(), sig);
            roundTrip(gq, TeosJson.toJson(gq), JSON::parseGetAppointmentRequest);
            GetAppointmentResponse w = new GetAppointmentResponse.BeingWatched(appointment);
            roundTrip(w, TeosJson.toJson(w), JSON::parseGetAppointmentResponse);
            GetAppointmentResponse d = new GetAppointmentResponse.DisputeResponded(
                    new Txid(bytes(32)), new Txid(bytes(32)), bytes(1 + random.nextInt(2000)));
            roundTrip(d, TeosJson.toJson(d), JSON::parseGetAppointmentResponse);
            GetSubscriptionInfoRequest sq = new GetSubscriptionInfoRequest(sig);
            roundTrip(sq, TeosJson.toJson(sq), JSON::parseGetSubscriptionInfoRequest);
            List<Locator> locators = new ArrayList<>();
            for (int k = random.nextInt(20); k > 0; k--) {
                locators.add(new Locator(bytes(16)));
            }
            GetSubscriptionInfoResponse ss = new GetSubscriptionInfoResponse(u32(), u32(), locators);
            roundTrip(ss, TeosJson.toJson(ss), JSON::parseGetSubscriptionInfoResponse);
            ApiError e = new ApiError(ErrorCode.values()[random.nextInt(ErrorCode.values().length)], "message \"" + i + "\" \u00e9\n");
            roundTrip(e, TeosJson.toJson(e), TeosJson::parseApiError);
        }
    }

    private static <T> void roundTrip(T value, String json, java.util.function.Function<byte[], Parsed<T>> parser) {
        assertEquals(new Parsed.Ok<>(value), parser.apply(TeosJson.utf8(json)), json);
    }

    /** A key drawn from the test's seeded generator, so that every run sees the same users. */
    private PrivateKey privateKey() {
        while (true) {
            Bytes candidate = bytes(PrivateKey.LENGTH);
            BigInteger d = new BigInteger(1, candidate.toArray());
            if (d.signum() > 0 && d.compareTo(PrivateKey.CURVE_ORDER) < 0) {
                return new PrivateKey(candidate);
            }
        }
    }

    private Bytes bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return Bytes.of(b);
    }

    private long u32() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Uint32.MAX;
            default -> random.nextLong() & Uint32.MAX;
        };
    }

    private String zbase32Signature() {
        byte[] b = new byte[65];
        random.nextBytes(b);
        return dev.vigil.towerprotocol.encoding.ZBase32.encode(b);
    }
}
