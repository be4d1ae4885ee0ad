package dev.vigil.towerserver.monitor;

/**
 * How much of a user's log the store keeps (docs/monitoring.md 3.4, {@code monitor.events.*}): at an
 * append, the user's oldest events are deleted, in the same commit, until at most {@code maxEvents}
 * events of at most {@code maxBytes} bytes in all remain; at each block, events older than
 * {@code maxAgeBlocks} blocks go.
 */
public record EventBounds(int maxEvents, long maxBytes, long maxAgeBlocks) {
    /** The defaults of docs/monitoring.md 7.5. */
    public static final EventBounds DEFAULT = new EventBounds(1000, 4L * 1024 * 1024, 4320);

    public EventBounds {
        if (maxEvents < 1 || maxBytes < 1 || maxAgeBlocks < 1) {
            throw new IllegalArgumentException("event bounds are positive: " + maxEvents + ", " + maxBytes + ", " + maxAgeBlocks);
        }
    }
}
