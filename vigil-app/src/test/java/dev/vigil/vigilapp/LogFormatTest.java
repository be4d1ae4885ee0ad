package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log.* keys at work: JSON lines, rotation by size, the levels, and the file the tower writes. */
class LogFormatTest {
    /**
     * A strict reader of what {@link LogFormat.JsonLines} writes, an RFC 8259 object whose values are
     * strings: it throws on anything else (this module does not depend on a JSON library).
     */
    static final class JSON {
        private final String s;
        private int i;

        private JSON(String s) {
            this.s = s;
        }

        static java.util.LinkedHashMap<String, String> readTree(String line) {
            JSON p = new JSON(line.strip());
            java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
            p.expect('{');
            while (true) {
                String k = p.string();
                p.expect(':');
                if (out.put(k, p.string()) != null) {
                    throw new IllegalArgumentException("duplicate " + k);
                }
                if (p.peek() == '}') {
                    p.i++;
                    break;
                }
                p.expect(',');
            }
            if (p.i != p.s.length()) {
                throw new IllegalArgumentException("trailing text in " + line);
            }
            return out;
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1) + " in " + s);
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("raw control character at " + (i - 1));
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }
    }

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            if (h instanceof FileHandler) {
                Logger.getLogger("").removeHandler(h);
                h.close();
            }
        }
        LogFormat.install();
        Logger.getLogger("dev.vigil").setLevel(null);
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("dev.vigil.towerserver.watcher.BlockLog");
        r.setThrown(thrown);
        return r;
    }

    @Test
    void everyJsonLineParsesAsAnObjectWithTimeLevelLoggerMessageAndTheException() throws Exception {
        LogFormat.JsonLines f = new LogFormat.JsonLines();
        String hostile = "quote \" backslash \\ newline \n tab \t bell \u0007 unicode ✓";
        String plain = f.format(record(Level.INFO, "block 812345 00ab: 3,412 txs, 0 breaches, 41 ms", null));
        String failed = f.format(record(Level.SEVERE, hostile, new IllegalStateException("disk on fire")));
        for (String line : List.of(plain, failed)) {
            assertTrue(line.endsWith(System.lineSeparator()) && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        }
        Map<String, String> a = JSON.readTree(plain);
        assertEquals(List.of("time", "level", "logger", "message"), List.copyOf(a.keySet()));
        assertEquals("INFO", a.get("level"));
        assertEquals("dev.vigil.towerserver.watcher.BlockLog", a.get("logger"));
        assertEquals("block 812345 00ab: 3,412 txs, 0 breaches, 41 ms", a.get("message"));
        assertTrue(a.get("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), a.get("time"));
        Map<String, String> b = JSON.readTree(failed);
        assertEquals(List.of("time", "level", "logger", "message", "exception"), List.copyOf(b.keySet()));
        assertEquals("SEVERE", b.get("level"));
        assertEquals(hostile, b.get("message"));
        assertTrue(b.get("exception").startsWith("java.lang.IllegalStateException: disk on fire"), b.get("exception"));
        assertTrue(b.get("exception").contains("\tat dev.vigil.vigilapp.LogFormatTest"), "the stack trace");
    }

    @Test
    void aTinyMaxSizeRotatesIntoSeveralFilesAndKeepsNoMoreThanLogFiles() throws Exception {
        Path file = dir.resolve("logs/vigil.log");
        FileHandler h = LogFormat.fileHandler(file, 1_024, 3);
        h.setFormatter(new LogFormat.JsonLines());
        try {
            for (int i = 0; i < 200; i++) {
                h.publish(record(Level.INFO, "line " + i + " " + "x".repeat(60), null));
            }
        } finally {
            h.close();
        }
        for (int g = 0; g < 3; g++) {
            Path p = dir.resolve("logs/vigil.log." + g);
            assertTrue(Files.exists(p), p + " exists");
            assertTrue(Files.size(p) <= 1_024 + 200, p + " is about max-size: " + Files.size(p));
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                assertTrue(JSON.readTree(line).get("message").startsWith("line "), line);
            }
        }
        assertFalse(Files.exists(dir.resolve("logs/vigil.log.3")), "no more than log.files files");
        List<String> live = Files.readAllLines(dir.resolve("logs/vigil.log.0"), StandardCharsets.UTF_8);
        assertTrue(live.get(live.size() - 1).contains("\"line 199 "), "the live file has the latest line");
    }

    @Test
    void theConfiguredFileLevelAndFormatAreWhatTheTowersLoggersWriteThrough() throws IOException {
        Path file = dir.resolve("vigil.log");
        LogFormat.configure(new VigilConfig.Log(Optional.of(file), 1L << 20, 2, VigilConfig.Log.Format.JSON, VigilConfig.Log.Level.DEBUG));
        System.getLogger("dev.vigil.towerserver.api.TowerApi").log(System.Logger.Level.DEBUG, "bad request from 127.0.0.1");
        System.getLogger("dev.vigil.towerserver.api.TowerApi").log(System.Logger.Level.TRACE, "not at debug");
        System.getLogger("io.vertx.core.Something").log(System.Logger.Level.DEBUG, "a library's debugging");
        System.getLogger("io.vertx.core.Something").log(System.Logger.Level.WARNING, "a library's warning");
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        List<String> messages = Files.readAllLines(dir.resolve("vigil.log.0"), StandardCharsets.UTF_8).stream()
                .map(l -> JSON.readTree(l).get("message")).toList();
        assertEquals(List.of("bad request from 127.0.0.1", "a library's warning"), messages);
    }

    @Test
    void anOperatorsOwnLoggingPropertiesWinOverTheLogKeys() throws IOException {
        String before = System.getProperty("java.util.logging.config.file");
        System.setProperty("java.util.logging.config.file", dir.resolve("logging.properties").toString());
        try {
            LogFormat.apply(new VigilConfig.Log(Optional.of(dir.resolve("ignored.log")), 1L << 20, 2, VigilConfig.Log.Format.JSON,
                    VigilConfig.Log.Level.TRACE));
            assertFalse(Files.exists(dir.resolve("ignored.log.0")), "no file of the log.* keys");
        } finally {
            if (before == null) {
                System.clearProperty("java.util.logging.config.file");
            } else {
                System.setProperty("java.util.logging.config.file", before);
            }
        }
    }
}
