package dev.vigil.breachdetector.chain;

/** The chain source could not answer (node down, busy, bad answer). I/O: the walk stops here. */
public final class ChainSourceException extends Exception {
    public ChainSourceException(String message) {
        super(message);
    }
}
