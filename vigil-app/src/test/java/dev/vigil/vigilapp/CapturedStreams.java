package dev.vigil.vigilapp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code System.out} and {@code System.err} captured while a test runs {@code vigil} in-process. */
final class CapturedStreams {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    /** From now on, what is printed goes to {@link #out} and {@link #err} (emptied first). */
    void install() {
        out.reset();
        err.reset();
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
