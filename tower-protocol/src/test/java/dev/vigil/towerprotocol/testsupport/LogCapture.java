package dev.vigil.towerprotocol.testsupport;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a logger (and its children) writes through java.util.logging, where every module's
 * {@code System.Logger} lands, for a test that asserts on log lines. While open the logger logs
 * everything down to {@code FINEST} unless told otherwise ({@code System.Logger}'s DEBUG is {@code FINE}); {@link #close}
 * restores its level and detaches. Any thread may log meanwhile.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String name, Level level) {
        this.logger = Logger.getLogger(Objects.requireNonNull(name, "name"));
        this.previous = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Objects.requireNonNull(level, "level"));
        logger.addHandler(this);
    }

    /** Captures the logger named {@code name} ({@code ""} is the root) and those below it. */
    public static LogCapture of(String name) {
        return new LogCapture(name, Level.ALL);
    }

    /**
     * Captures the logger named {@code name} set to {@code level} while open: the root at {@code INFO}
     * sees what an operator would, without making every library log its debugging.
     */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    /** Captures the logger of {@code type} ({@code System.getLogger(type.getName())}) and those below it. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName(), Level.ALL);
    }

    /** Everything captured so far, in the order it was logged. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages logged at exactly {@code level} so far. */
    public List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    /** The messages logged at {@code level} that contain {@code part}. */
    public List<String> messages(Level level, String part) {
        return messages(level).stream().filter(m -> m != null && m.contains(part)).toList();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
