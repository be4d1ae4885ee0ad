package dev.vigil.towerserver.responder;

import java.util.List;
import java.util.Objects;

/**
 * The responder's knobs ({@code responder.*} and {@code monitor.*} in vigil.conf).
 *
 * @param irrevocableDepth confirmations after which a penalty is final and its tracker forgotten (teos: 100)
 * @param rebroadcastAfter blocks a penalty waits in the mempool before it is re-sent at every block
 * @param reportedDepths the depths, strictly between 1 and {@code irrevocableDepth}, at which a
 *     penalty's progress is reported ({@code monitor.justice.reported-depths}, docs/monitoring.md 2.1)
 * @param deadlineWarnBlocks how many blocks before the dispute's {@code to_self_delay} runs out an
 *     unconfirmed penalty is announced as at risk ({@code monitor.deadline.warn-blocks}, 2.5)
 */
public record ResponderPolicy(int irrevocableDepth, int rebroadcastAfter, List<Integer> reportedDepths, int deadlineWarnBlocks) {
    /** docs/monitoring.md 7.5. */
    public static final List<Integer> DEFAULT_REPORTED_DEPTHS = List.of(6);
    public static final int DEFAULT_DEADLINE_WARN_BLOCKS = 6;

    public ResponderPolicy {
        if (irrevocableDepth < 1) {
            throw new IllegalArgumentException("irrevocableDepth must be at least 1");
        }
        if (rebroadcastAfter < 1) {
            throw new IllegalArgumentException("rebroadcastAfter must be at least 1");
        }
        reportedDepths = List.copyOf(Objects.requireNonNull(reportedDepths, "reportedDepths"));
        for (int d : reportedDepths) {
            if (d <= 1 || d >= irrevocableDepth) {
                throw new IllegalArgumentException("a reported depth lies strictly between 1 (confirmed) and " + irrevocableDepth
                        + " (irrevocable), got " + d);
            }
        }
        if (deadlineWarnBlocks < 0) {
            throw new IllegalArgumentException("deadlineWarnBlocks must not be negative");
        }
    }

    /** The monitoring defaults; reported depths that are not below {@code irrevocableDepth} are left out. */
    public ResponderPolicy(int irrevocableDepth, int rebroadcastAfter) {
        this(irrevocableDepth, rebroadcastAfter,
                DEFAULT_REPORTED_DEPTHS.stream().filter(d -> d > 1 && d < irrevocableDepth).toList(), DEFAULT_DEADLINE_WARN_BLOCKS);
    }
}
