package dev.vigil.vigilapp;

import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The tower's logging (docs/operations.md, "Logs"). The modules log through {@code System.Logger},
 * which lands in java.util.logging; this configures it: at start-up ({@link #install}) one text line
 * per event on the console ({@code 2026-11-23 20:31:05 INFO  Tower: tower id: 02…}), then, once the
 * configuration is read ({@link #apply}), its {@code log.*} keys: the level, the format (text or JSON
 * lines) and an optional file rotated by size, written by JUL's own {@link FileHandler} (no other
 * logging library: JUL already receives everything the libraries log too).
 *
 * <p>An operator's own configuration ({@code -Djava.util.logging.config.file} or
 * {@code -Djava.util.logging.config.class}) takes precedence over all of it: then this changes
 * nothing.
 *
 * <p>Threads: JUL's handlers write on the logging thread, under their own lock, as they always did;
 * nothing here adds a lock or a thread.
 */
final class LogFormat {
    /** The text line; the property of the same name overrides it. */
    static final String TEXT_FORMAT = "%1$tF %1$tT %4$-7s %3$s: %5$s%6$s%n";

    private LogFormat() {}

    /** Whether the operator configured java.util.logging themselves. */
    static boolean operatorConfigured() {
        return System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null;
    }

    /** The start-up default: text on the console at INFO, unless the operator configured logging. */
    static void install() {
        if (operatorConfigured()) {
            return;
        }
        useTextFormat();
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.addHandler(handler(new ConsoleHandler(), new SimpleFormatter()));
        root.setLevel(Level.INFO);
    }

    private static void useTextFormat() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", TEXT_FORMAT);
        }
    }

    /**
     * Applies {@code log}: replaces the root's handlers by the console and, if configured, the file, in
     * the configured format, and sets the levels. Does nothing if the operator configured logging.
     *
     * @throws IOException if the log file cannot be created or opened (the handlers are left as they were)
     */
    static void apply(VigilConfig.Log log) throws IOException {
        if (operatorConfigured()) {
            System.getLogger(LogFormat.class.getName()).log(System.Logger.Level.INFO,
                    "logging is configured by the JVM's java.util.logging.config.* property; the log.* keys are not used");
            return;
        }
        configure(log);
    }

    /** What {@link #apply} does when the operator did not configure logging. */
    static void configure(VigilConfig.Log log) throws IOException {
        useTextFormat();
        Formatter formatter = log.format() == VigilConfig.Log.Format.JSON ? new JsonLines() : new SimpleFormatter();
        Handler file = null;
        if (log.file().isPresent()) {
            file = handler(fileHandler(log.file().get(), log.maxSize(), log.files()), formatter);
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        root.addHandler(handler(new ConsoleHandler(), formatter));
        if (file != null) {
            root.addHandler(file);
        }
        root.setLevel(rootLevel(log.level()));
        Logger.getLogger("dev.vigil").setLevel(level(log.level()));
    }

    /**
     * Rotated by size: {@code <file>.0} is the live file; at {@code maxSize} bytes it becomes
     * {@code <file>.1}, the older ones shift up, and beyond {@code files} the oldest is deleted. Appends
     * across restarts. JUL keeps {@code <file>.0.lck} while the file is open.
     */
    static FileHandler fileHandler(Path file, long maxSize, int files) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        // The pattern's own syntax: '%' is escaped, '/' is the separator on every platform.
        String pattern = absolute.toString().replace("%", "%%").replace(java.io.File.separatorChar, '/') + ".%g";
        return new FileHandler(pattern, (int) Math.min(Integer.MAX_VALUE, maxSize), files, true);
    }

    private static Handler handler(Handler h, Formatter f) {
        h.setFormatter(f);
        h.setLevel(Level.ALL); // the loggers' levels decide
        return h;
    }

    /** {@code log.level} for Vigil's own loggers. */
    static Level level(VigilConfig.Log.Level l) {
        return switch (l) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.ALL;
        };
    }

    /** The libraries' level: as Vigil's, except that only trace shows their debugging. */
    static Level rootLevel(VigilConfig.Log.Level l) {
        return l == VigilConfig.Log.Level.DEBUG ? Level.INFO : level(l);
    }

    /**
     * {@code log.format=json}: one JSON object per line, {@code {"time": "2026-11-23T20:31:05.123Z",
     * "level": "INFO", "logger": "dev.vigil.towerserver.app.Tower", "message": "tower id: 02…"}}, with
     * {@code "exception"} (the stack trace as one string) when the event carries one. Levels are JUL's
     * names, as in the text format (SEVERE, WARNING, INFO, FINE, FINER, FINEST).
     */
    static final class JsonLines extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160).append('{');
            field(b, "time", Instant.ofEpochMilli(r.getMillis()).toString()).append(',');
            field(b, "level", r.getLevel().getName()).append(',');
            field(b, "logger", r.getLoggerName() == null ? "" : r.getLoggerName()).append(',');
            field(b, "message", formatMessage(r));
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                field(b.append(','), "exception", trace.toString());
            }
            return b.append("}").append(System.lineSeparator()).toString();
        }

        private static StringBuilder field(StringBuilder b, String name, String value) {
            return quote(quote(b, name).append(':'), value == null ? "" : value);
        }

        /** RFC 8259 string: quotes, backslashes and every control character escaped. */
        private static StringBuilder quote(StringBuilder b, String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"');
        }
    }
}
