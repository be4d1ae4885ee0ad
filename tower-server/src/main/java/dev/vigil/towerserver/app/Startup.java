package dev.vigil.towerserver.app;

import java.util.Objects;

/**
 * What a start-up step of {@link Tower} came to: its value, or a refusal the operator can act on. Refusals are
 * expected outcomes (a datadir that cannot be written, a store another tower holds, bitcoind on another chain),
 * so they are values, each with one line that says what is wrong and how to fix it; an embedding application maps
 * {@link Refusal} to its own exit code or status.
 *
 * @param <T> the step's value: the running {@link Tower}, or its {@link dev.vigil.towerprotocol.TowerId}
 */
public sealed interface Startup<T> {
    /** The step succeeded. */
    record Ready<T>(T value) implements Startup<T> {
        public Ready {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The step was refused; nothing was started and the store, if it was opened, is closed again unchanged.
     *
     * @param message one line for the operator: what is wrong and how to fix it (no stack trace, never empty)
     */
    record Refused<T>(Refusal refusal, String message) implements Startup<T> {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
            Objects.requireNonNull(message, "message");
            if (message.isBlank() || message.contains("\n")) {
                throw new IllegalArgumentException("a refusal is one non-empty line: " + message);
            }
        }

        /** The same refusal for a step of another type. */
        <U> Refused<U> as() {
            return new Refused<>(refusal, message);
        }
    }

    /** Why a start was refused. */
    enum Refusal {
        /** The datadir cannot be created or written: read-only, not a directory, permission denied. */
        DATADIR_UNUSABLE,
        /** The store is locked by another tower (a second tower on the same datadir). */
        STORE_LOCKED,
        /** The store file cannot be opened: not a Vigil store, a newer schema, damaged, or unreadable. */
        STORE_UNUSABLE,
        /** bitcoind's {@code getblockchaininfo} names another chain than the configured {@code network}. */
        WRONG_CHAIN,
        /** The HTTP API cannot listen on its address (port in use, address not local). */
        API_UNAVAILABLE
    }
}
