package dev.vigil.clientsdk;

/**
 * Wall-clock time for backoff deadlines and the timestamps kept with appointments and proofs.
 * Contract: thread-safe, non-blocking; need not be monotonic (a clock set back only delays or
 * hastens a retry).
 */
@FunctionalInterface
public interface Clock {
    /** The system clock. */
    Clock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the epoch. */
    long currentTimeMillis();
}
