package dev.vigil.breachdetector.notify;

import java.util.Optional;

/** The label byte of a {@code sequence} message (doc/zmq.md). */
public enum SequenceLabel {
    BLOCK_CONNECTED('C', false),
    BLOCK_DISCONNECTED('D', false),
    TX_REMOVED('R', true),
    TX_ADDED('A', true);

    private final char code;
    private final boolean hasMempoolSequence;

    SequenceLabel(char code, boolean hasMempoolSequence) {
        this.code = code;
        this.hasMempoolSequence = hasMempoolSequence;
    }

    public char code() {
        return code;
    }

    /** A and R messages carry an 8-byte mempool sequence after the label; C and D do not. */
    public boolean hasMempoolSequence() {
        return hasMempoolSequence;
    }

    public static Optional<SequenceLabel> fromCode(int code) {
        for (SequenceLabel l : values()) {
            if (l.code == code) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
