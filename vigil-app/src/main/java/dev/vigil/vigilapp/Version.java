package dev.vigil.vigilapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** {@code vigil --version}: the version the build wrote into {@code version.properties} (the pom's). */
final class Version implements CommandLine.IVersionProvider {
    /** The project version, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
    static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vigil " + current()};
    }
}
