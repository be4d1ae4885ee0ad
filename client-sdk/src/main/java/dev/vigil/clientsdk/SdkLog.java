package dev.vigil.clientsdk;

/**
 * Where the SDK says what it did: deliveries, retries, misbehaviour. A wallet routes it to its own
 * logger (android.util.Log, SLF4J, Timber). Contract: thread-safe, quick and non-blocking; called
 * on the wallet's thread that called into the SDK, never under a lock that a transport call holds.
 * Messages hold no secret (no key, no justice transaction).
 */
@FunctionalInterface
public interface SdkLog {
    /** Discards everything. */
    SdkLog SILENT = (level, message) -> {};

    enum Level { DEBUG, INFO, WARN }

    void log(Level level, String message);
}
