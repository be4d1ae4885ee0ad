package dev.vigil.towerserver.responder;

/**
 * The responder's knobs ({@code responder.*} in vigil.conf).
 *
 * @param irrevocableDepth confirmations after which a penalty is final and its tracker forgotten (teos: 100)
 * @param rebroadcastAfter blocks a penalty waits in the mempool before it is re-sent at every block
 */
public record ResponderPolicy(int irrevocableDepth, int rebroadcastAfter) {
    public ResponderPolicy {
        if (irrevocableDepth < 1) {
            throw new IllegalArgumentException("irrevocableDepth must be at least 1");
        }
        if (rebroadcastAfter < 1) {
            throw new IllegalArgumentException("rebroadcastAfter must be at least 1");
        }
    }
}
