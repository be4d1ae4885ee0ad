package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.testsupport.Await;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator gets it: {@code vigil-<version>.tar.gz} unpacked under /tmp (the
 * system's temporary directory), nothing of the repository on the path, run from another directory.
 */
class DistributionIT {
    private static final String VERSION = System.getProperty("vigil.version", "0.1.0-SNAPSHOT");

    private Path tmp;
    private Path home;
    private Process running;

    @BeforeEach
    void unpack() throws Exception {
        Path tarball = Path.of("target", "vigil-" + VERSION + ".tar.gz").toAbsolutePath();
        assertTrue(Files.isRegularFile(tarball), "the build wrote " + tarball);
        tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "vigil-dist");
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", tmp.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor(), "tar -xzf");
        home = tmp.resolve("vigil-" + VERSION);
    }

    @AfterEach
    void clean() throws Exception {
        if (running != null && running.isAlive()) {
            running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void itHoldsTheLauncherTheJarAndTheOperatorsFiles() throws Exception {
        for (String f : List.of("bin/vigil", "lib/vigil.jar", "README.txt", "etc/vigil.conf", "etc/bitcoin.conf.example",
                "etc/prometheus.yml", "etc/prometheus-alerts.yml", "etc/grafana-dashboard.json", "systemd/vigil.service")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f);
        }
        assertTrue(Files.getPosixFilePermissions(home.resolve("bin/vigil")).contains(PosixFilePermission.OWNER_EXECUTE));
        String template = Files.readString(home.resolve("etc/vigil.conf"));
        assertEquals(run(List.of("config-template")).trim(), template.trim(), "etc/vigil.conf is what config-template prints");
        String bitcoinConf = Files.readString(home.resolve("etc/bitcoin.conf.example"));
        assertTrue(bitcoinConf.contains("zmqpubrawblock=") && bitcoinConf.contains("zmqpubsequence="), bitcoinConf);
        assertEquals("vigil " + VERSION, run(List.of("--version")).trim(), "--version");
    }

    @Test
    void itRunsTheTowerOnTheDevnetFromAnyDirectory() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/vigil").toString(), "devnet",
                "--datadir", tmp.resolve("data").toString(), "--api-port", Integer.toString(port), "--admin-port", "0");
        pb.directory(tmp.toFile()); // not the repository
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        running = pb.start();
        URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
        Await.until("the unpacked tower to answer " + ping, Duration.ofSeconds(60), () -> status(ping) == 200 || !running.isAlive());
        assertTrue(running.isAlive(), () -> "it exited: " + read(tmp.resolve("out.txt")));
        assertEquals(200, status(ping));
        running.destroy(); // SIGTERM: the tower closes its store and exits
        assertTrue(running.waitFor(30, TimeUnit.SECONDS), "it stops on SIGTERM");
    }

    @Test
    void aRestartedDevnetKeepsItsChainOnTheFixedPortsAskedFor() throws Exception {
        int api = freePort();
        int rpc = freePort();
        int zmq = freePort();
        List<String> args = List.of("devnet", "--datadir", tmp.resolve("data").toString(), "--api-port", Integer.toString(api),
                "--rpc-port", Integer.toString(rpc), "--zmq-port", Integer.toString(zmq), "--admin-port", "0");
        String first = runUntilServing(args, api, "first.txt");
        assertTrue(first.contains("JSON-RPC at http://127.0.0.1:" + rpc + "/"), first);
        assertTrue(first.contains("tcp://127.0.0.1:" + zmq), first);
        assertTrue(first.contains("height 101;"), first);
        String second = runUntilServing(args, api, "second.txt");
        assertTrue(second.contains("height 101 (the chain kept from the last run)"), second);
        List<String> fresh = new java.util.ArrayList<>(args);
        fresh.add("--fresh");
        String third = runUntilServing(fresh, api, "third.txt");
        assertTrue(third.contains("height 101;"), "--fresh mines the first 101 blocks again: " + third);
    }

    /** Runs the launcher with {@code args} until its API answers, stops it with SIGTERM, returns what it printed. */
    private String runUntilServing(List<String> args, int apiPort, String outFile) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/vigil").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(outFile).toFile());
        running = pb.start();
        URI ping = URI.create("http://127.0.0.1:" + apiPort + "/ping");
        Await.until("the tower to answer " + ping, Duration.ofSeconds(60), () -> status(ping) == 200 || !running.isAlive());
        assertTrue(running.isAlive(), () -> "it exited: " + read(tmp.resolve(outFile)));
        running.destroy();
        assertTrue(running.waitFor(30, TimeUnit.SECONDS), "it stops on SIGTERM");
        return read(tmp.resolve(outFile));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The launcher's standard output for {@code args}, run from the temporary directory. */
    private String run(List<String> args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/vigil").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "vigil " + args + ": " + out);
        return out;
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
