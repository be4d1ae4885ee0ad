package dev.vigil.clientsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.clientsdk.outbox.Misbehaviour;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every form in which a real tower says "I hold no appointment at this locator" makes
 * {@link TowerClient#getAppointment} a {@link AppointmentLookup.NotFound}, and a misbehaviour with the
 * receipt as proof when the tower had signed for it; a 404 that says nothing of the kind (a server
 * without the route, an HTML page, another error) is a plain {@link AppointmentLookup.Failed} and
 * leaves the tower in good standing. Tower {@code a} answers {@code get_appointment} with the body under
 * test (its other routes are {@link FakeTower}'s); {@code b} is an honest tower throughout.
 */
class TowerClientNotFoundFormsTest {
    private static final String OTHER_LOCATOR = "00112233445566778899aabbccddeeff";

    /** A scripted {@code get_appointment} answer; {@code body} is given the hex of the locator asked for. */
    record Answer(String name, int status, Function<String, String> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Answer> forgotten() {
        return Stream.of(
                // rust-teos (talaia-labs/rust-teos teos/src/api/internal.rs get_appointment:
                // Status::new(Code::NotFound, "Appointment not found"); teos/src/api/http.rs match_status:
                // NotFound -> 404 with errors::APPOINTMENT_NOT_FOUND = 36, body ApiError {error, error_code};
                // pinned by http.rs test_get_appointment_not_found). Vigil's tower answers the same
                // (tower-server api/Outcomes.java).
                new Answer("rust-teos and Vigil: 404 error_code 36", 404,
                        l -> "{\"error\":\"Appointment not found\",\"error_code\":36}"),
                // python-teos (talaia-labs/python-teos teos/api.py get_appointment: rcode = HTTP_NOT_FOUND,
                // response = {"locator": locator, "status": AppointmentStatus.NOT_FOUND}, through Flask's
                // jsonify; common/constants.py HTTP_NOT_FOUND = 404; common/appointment.py NOT_FOUND =
                // "not_found"). The same for a locator it never had, an unreadable one and a user it
                // cannot authenticate (internal_api.py: AuthenticationFailure and AppointmentNotFound
                // both become grpc NOT_FOUND).
                new Answer("python-teos: 404 locator and status not_found", 404,
                        l -> "{\"locator\":\"" + l + "\",\"status\":\"not_found\"}\n"),
                // The same in jsonify's pretty-printed layout (Flask in debug mode; Flask < 1.0 always).
                new Answer("python-teos, pretty-printed", 404,
                        l -> "{\n  \"locator\": \"" + l + "\", \n  \"status\": \"not_found\"\n}\n"),
                // rust-teos's GetAppointmentResponse writes status 0 as "not_found" (talaia-labs/rust-teos
                // teos-common/src/ser.rs serde_status, teos-common/src/appointment.rs AppointmentStatus::NotFound = 0)
                // and appointment_data None as "appointment": null (teos-common/build.rs renames it);
                // its handler sends the 404 above instead, but the schema lets a 200 carry it.
                new Answer("rust-teos schema: 200 status not_found", 200,
                        l -> "{\"appointment\":null,\"status\":\"not_found\"}"));
    }

    static Stream<Answer> unrelated() {
        return Stream.of(
                new Answer("404 with no body (a server without the route)", 404, l -> ""),
                new Answer("Flask's HTML 404 page", 404, l -> "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
                        + "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL"
                        + " manually please check your spelling and try again.</p>\n"),
                new Answer("another framework's JSON 404", 404,
                        l -> "{\"timestamp\":\"2026-12-02T16:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/get_appointment\"}"),
                new Answer("404 with another teos error code", 404, l -> "{\"error\":\"Unexpected error\",\"error_code\":255}"),
                new Answer("404 status not_found naming no locator", 404, l -> "{\"status\":\"not_found\"}"),
                new Answer("404 not_found for another locator", 404,
                        l -> "{\"locator\":\"" + OTHER_LOCATOR + "\",\"status\":\"not_found\"}"),
                new Answer("200 not_found for another locator", 200,
                        l -> "{\"locator\":\"" + OTHER_LOCATOR + "\",\"status\":\"not_found\"}"),
                new Answer("200 with an unknown status", 200, l -> "{\"locator\":\"" + l + "\",\"status\":\"lost\"}"));
    }

    private TestClients t;
    private TowerClient c;

    /**
     * A wallet whose tower a answers get_appointment with {@code answer} (everything else goes to the
     * fake towers), after both towers signed for appointment 1.
     */
    private void receiptedBy(Answer answer) throws Exception {
        t = new TestClients();
        TeosJson json = new TeosJson(FakeTower.SECP, 1 << 20);
        Transport towers = FakeTower.routing(t.a, t.b);
        t.transport = (url, body) -> {
            if (!url.getHost().equals(t.a.name + ".test") || !url.getPath().equals("/get_appointment")) {
                return towers.post(url, body);
            }
            Locator asked = json.parseGetAppointmentRequest(body).orElseThrow().locator();
            return new TransportResult.Answered(answer.status(), TeosJson.utf8(answer.body().apply(asked.toHex())));
        };
        c = t.open();
        c.addAppointment(TestClients.txid(1), TestClients.justice(1), TestClients.DELAY);
        assertEquals(new FlushReport.Outcome.Done(), c.flush().of(t.a.id).outcome());
    }

    /** Queues appointment 2 and flushes. */
    private FlushReport another() {
        c.addAppointment(TestClients.txid(2), TestClients.justice(2), TestClients.DELAY);
        return c.flush();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgotten")
    void aTowerThatSaysNotFoundForWhatItSignedForIsMisbehaving(Answer answer) throws Exception {
        receiptedBy(answer);
        ReceiptProof receipt = c.receipts(t.a.id).get(0);

        // Never signed for: the tower does not hold it, and that is no fault.
        var unknown = assertInstanceOf(AppointmentLookup.NotFound.class, c.getAppointment(t.a.id, TestClients.txid(9).locator()));
        assertEquals(Optional.empty(), unknown.misbehaviour());
        assertEquals(Optional.empty(), c.status(t.a.id).misbehaviour());

        // Signed for: the receipt proves the tower took the job it now denies.
        var lost = assertInstanceOf(AppointmentLookup.NotFound.class, c.getAppointment(t.a.id, TestClients.txid(1).locator()));
        Misbehaviour m = lost.misbehaviour().orElseThrow();
        assertEquals(t.a.id, m.tower());
        assertEquals(Optional.of(receipt), m.evidence());
        assertEquals(Optional.of(m), c.status(t.a.id).misbehaviour());
        assertEquals(Optional.empty(), c.status(t.b.id).misbehaviour());

        // Misbehaving: the next appointment goes to b alone.
        FlushReport report = another();
        assertEquals(new FlushReport.Outcome.Misbehaving(m), report.of(t.a.id).outcome());
        assertEquals(new FlushReport.Outcome.Done(), report.of(t.b.id).outcome());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unrelated")
    void anAnswerThatIsNotATowersNotFoundIsAFailureThatAccusesNobody(Answer answer) throws Exception {
        receiptedBy(answer);

        assertInstanceOf(AppointmentLookup.Failed.class, c.getAppointment(t.a.id, TestClients.txid(1).locator()));
        assertEquals(Optional.empty(), c.status(t.a.id).misbehaviour());

        // Still in good standing: it keeps getting appointments.
        assertEquals(new FlushReport.Outcome.Done(), another().of(t.a.id).outcome());
        assertEquals(2, c.receipts(t.a.id).size());
    }
}
