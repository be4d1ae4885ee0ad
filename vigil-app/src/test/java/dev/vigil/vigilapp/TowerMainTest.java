package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's non-serving paths: the tower id, the template, and configuration errors. */
class TowerMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        return new CommandLine(new TowerMain()).execute(args);
    }

    @Test
    void keysCreatesTheTowerKeyOnceAndPrintsTheSameIdEveryTime() {
        assertEquals(0, run("keys", "--datadir", dir.toString()));
        String first = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(first.matches("tower id: 0[23][0-9a-f]{64}"), first);
        out.reset();
        assertEquals(0, run("keys", "--datadir", dir.toString()));
        assertEquals(first, out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void anInvalidValueStopsStartUpNamingTheKeyAndRange() {
        assertEquals(TowerMain.BAD_CONFIG, run("run", "--datadir", dir.toString(), "--api-port", "70000", "--zmq-rawblock", "ipc:///x"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("api.port (command-line flags): 70000 is out of range [0, 65535]"), e);
        assertTrue(e.contains("zmq.rawblock"), e);
    }

    @Test
    void theTemplateIsPrinted() {
        assertEquals(0, run("config-template"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("irrevocable-depth = 100"));
    }
}
