package dev.vigil.clientsdk.transport;

import java.util.Objects;

/** What became of one request: the tower answered (any HTTP status), or it could not be reached. */
public sealed interface TransportResult {
    /** An HTTP answer. {@code body} is the raw response body (possibly empty). */
    record Answered(int status, byte[] body) implements TransportResult {
        public Answered {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            body = Objects.requireNonNull(body, "body").clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** No answer: {@code reason} says why, for the wallet's log. */
    record Unreachable(String reason) implements TransportResult {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
