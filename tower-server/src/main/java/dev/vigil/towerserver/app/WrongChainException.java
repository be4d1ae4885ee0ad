package dev.vigil.towerserver.app;

/**
 * What {@link Tower#failure()} completes with when bitcoind, unreachable at start, answers at last and follows
 * another chain than {@code network}: the tower followed none of it (no walk ran) and must be reconfigured. Its
 * message is the same one line as the start-up refusal ({@link Startup.Refusal#WRONG_CHAIN}). A value handed to
 * the embedder, never thrown.
 */
public final class WrongChainException extends IllegalStateException {
    public WrongChainException(String message) {
        super(message);
    }
}
