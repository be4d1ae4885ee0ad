package dev.vigil.towerserver.metrics;

import dev.vigil.towerserver.watcher.BlockObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last {@code capacity} connected blocks and how long each took (the status page's chart). A
 * bounded ring written by the chain follower's thread alone ({@link BlockObserver}'s contract), read
 * by any thread as an immutable snapshot republished after every block.
 */
final class BlockLatencies implements BlockObserver {
    /** One processed block: its height and milliseconds. */
    record Point(int height, double millis) {}

    private final Point[] ring;
    private int next;
    private int size;
    private volatile List<Point> snapshot = List.of();

    BlockLatencies(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.ring = new Point[capacity];
    }

    @Override
    public void blockProcessed(int height, int transactions, int breaches, long nanos) {
        ring[next] = new Point(height, nanos / 1e6);
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        List<Point> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(next - size + i + ring.length) % ring.length]);
        }
        snapshot = Collections.unmodifiableList(out);
    }

    /** The blocks held, oldest first. Any thread. */
    List<Point> snapshot() {
        return snapshot;
    }
}
