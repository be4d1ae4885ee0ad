package dev.vigil.towerserver.testsupport;

import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Vert.x's reports of a blocked event loop (through java.util.logging), collected while a test runs, and the
 * tight check that makes them (DESIGN §6: Vert.x's default is 2 s). Class loading of the JSON and crypto stacks
 * belongs before the loop starts, in the test's set-up; then 500 ms is ample for any handler even on a loaded
 * 2-core machine (a descheduled thread counts as blocked), and a blocking wait on I/O or a future exceeds it.
 */
public final class BlockedEventLoops extends Handler {
    private static final Logger VERTX = Logger.getLogger("io.vertx");
    private final List<String> reports = new CopyOnWriteArrayList<>();

    private BlockedEventLoops() {}

    /** Collects the reports from now until {@link #close}. */
    public static BlockedEventLoops watch() {
        BlockedEventLoops b = new BlockedEventLoops();
        VERTX.addHandler(b);
        return b;
    }

    /** Vert.x options with the tight check. */
    public static VertxOptions tightCheck() {
        return new VertxOptions().setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(500).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    /** What was reported so far. */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getMessage() != null && r.getMessage().contains("has been blocked")) {
            reports.add(r.getMessage());
        }
    }

    @Override
    public void flush() {}

    /** Stops collecting. */
    @Override
    public void close() {
        VERTX.removeHandler(this);
    }
}
