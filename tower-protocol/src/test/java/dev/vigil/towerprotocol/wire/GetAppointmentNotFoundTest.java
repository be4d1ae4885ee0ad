package dev.vigil.towerprotocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.wire.Messages.GetAppointmentNotFound;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link TeosJson#parseGetAppointmentNotFound}: the status-only "not found" answers, and what is not one. */
class GetAppointmentNotFoundTest {
    private static final String LOCATOR = "b4a11e76c7115e2cd79526f3543e6bec";

    private static Parsed<GetAppointmentNotFound> parse(String body) {
        return TeosJson.parseGetAppointmentNotFound(TeosJson.utf8(body));
    }

    @Test
    void pythonTeosNamesTheLocator() {
        // talaia-labs/python-teos teos/api.py get_appointment: {"locator": locator, "status": AppointmentStatus.NOT_FOUND}
        assertEquals(new GetAppointmentNotFound(Optional.of(Locator.fromHex(LOCATOR))),
                parse("{\"locator\":\"" + LOCATOR + "\",\"status\":\"not_found\"}\n").orElseThrow());
    }

    @Test
    void rustTeosSchemaNamesNone() {
        // talaia-labs/rust-teos teos-common/src/ser.rs serde_status: status 0 is written "not_found".
        assertEquals(new GetAppointmentNotFound(Optional.empty()),
                parse("{\"appointment\":null,\"status\":\"not_found\"}").orElseThrow());
    }

    @Test
    void anythingElseIsInvalid() {
        for (String body : new String[] {"", "<html>404 Not Found</html>", "{\"status\":404,\"error\":\"Not Found\"}",
                "{\"status\":\"being_watched\"}", "{\"error\":\"Appointment not found\",\"error_code\":36}",
                "{\"locator\":null,\"status\":\"not_found\"}", "{\"locator\":\"b4a1\",\"status\":\"not_found\"}",
                "{\"locator\":\"zz\",\"status\":\"not_found\"}"}) {
            assertInstanceOf(Parsed.Invalid.class, parse(body), body);
        }
    }
}
