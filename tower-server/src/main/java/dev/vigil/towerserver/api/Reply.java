package dev.vigil.towerserver.api;

import dev.vigil.towerprotocol.encoding.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP answer as the routes send it: a status and a JSON body. The body is bytes, not text, because
 * a pull's answer is spliced from the events' stored bytes (docs/monitoring.md 2.6).
 */
record Reply(int status, Bytes body) {
    Reply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status);
        }
        Objects.requireNonNull(body, "body");
    }

    static Reply of(Outcomes.Answer a) {
        return new Reply(a.status(), Bytes.of(a.json().getBytes(StandardCharsets.UTF_8)));
    }
}
