package dev.vigil.vigilapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil admin} in-process against {@code vigil devnet} running in-process: the answers printed, an error
 * answer's exit code, a backup, {@code stop} ending the tower's {@code serve} with exit code 0, and the exit code
 * when no tower answers.
 */
class AdminCliTest {
    @TempDir
    Path dir;

    private final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;
    private CompletableFuture<Integer> serving;

    @BeforeEach
    void capture() {
        // java.util.logging's console handler writes to the stderr of when it was made: make it now.
        java.util.logging.Logger.getLogger("").getHandlers();
        streams.install();
    }

    @AfterEach
    void restore() throws Exception {
        try {
            if (serving != null && !serving.isDone()) {
                admin("stop");
                serving.get(60, TimeUnit.SECONDS);
            }
        } finally {
            streams.restore();
        }
    }

    private int adminPort;

    /** {@code vigil admin <command> --devnet --datadir … --admin-port … <args>}. */
    private int admin(String... args) {
        List<String> a = new ArrayList<>(List.of("admin", args[0]));
        a.addAll(target());
        a.addAll(List.of(args).subList(1, args.length));
        return execute(a);
    }

    /** {@code vigil admin --devnet --datadir … --admin-port … <command> <args>}: the options before the command. */
    private int adminOptionsFirst(String... args) {
        List<String> a = new ArrayList<>(List.of("admin"));
        a.addAll(target());
        a.addAll(List.of(args));
        return execute(a);
    }

    private List<String> target() {
        return List.of("--devnet", "--datadir", dir.toString(), "--admin-port", Integer.toString(adminPort));
    }

    private int execute(List<String> args) {
        out.reset();
        err.reset();
        return new CommandLine(new TowerMain()).execute(args.toArray(String[]::new));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\"[^\"]*\"|[^,\\n]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1).replace("\"", "");
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + adminPort + "/health").toURL().openConnection();
            c.setConnectTimeout(1_000);
            return c.getResponseCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void adminAsksTheRunningDevnetTowerBacksItUpAndStopsIt() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            adminPort = s.getLocalPort();
        }
        assertEquals(TowerMain.BAD_CONFIG, admin("gettowerinfo"));
        assertTrue(stderr().startsWith("vigil: no admin token at " + dir.resolve("devnet-run/tower/admin.token")
                + ": the tower makes it at its first start"), stderr());

        serving = CompletableFuture.supplyAsync(() -> TowerMain.commandLine().execute("devnet", "--datadir", dir.toString(),
                "--api-port", "0", "--admin-port", Integer.toString(adminPort)));
        Await.until("the devnet tower's admin listener", Duration.ofSeconds(120), () -> serving.isDone() || healthy());
        assertTrue(!serving.isDone(), "the devnet tower runs");

        Await.until("bitcoind reachable in gettowerinfo", Duration.ofSeconds(60),
                () -> adminOptionsFirst("gettowerinfo") == 0 && field(stdout(), "bitcoind_reachable").equals("true"));
        String info = stdout();
        assertTrue(info.startsWith("{\n  \"tower_id\": \"0"), "indented, teos's fields first: " + info);
        assertTrue(field(info, "tower_id").matches("0[23][0-9a-f]{64}"), info);
        assertEquals("regtest", field(info, "network"));
        assertEquals("0", field(info, "n_registered_users"));
        assertEquals("0", field(info, "n_watcher_appointments"));
        assertEquals("0", field(info, "n_responder_trackers"));
        assertTrue(Long.parseLong(field(info, "tip_height")) >= 101, info);

        assertEquals(0, admin("getusers"));
        assertEquals("{\n  \"user_ids\": []\n}\n", stdout());
        assertEquals(0, admin("getallappointments", "--limit", "5"));
        assertEquals("{\n  \"appointments\": [],\n  \"next\": null\n}\n", stdout());

        assertEquals(TowerMain.ADMIN_ERROR, admin("getuser", "02abcd"));
        assertTrue(stderr().startsWith("vigil: the tower answered getuser with HTTP 400: user_id is not a user id"), stderr());
        assertEquals("102", field(stdout(), "error_code"));
        assertEquals(TowerMain.ADMIN_ERROR, admin("getuser", "--user-id", "03" + "11".repeat(32)));
        assertEquals("104", field(stdout(), "error_code"));
        assertEquals(2, admin("getuser"));
        assertTrue(stderr().startsWith("give USER_ID or --user-id USER_ID"), stderr());
        assertEquals(0, admin("getappointments", "--locator", "11".repeat(16)));
        assertEquals("{\n  \"appointments\": []\n}\n", stdout());

        Path backups = Files.createDirectory(dir.resolve("backups"));
        assertEquals(0, admin("backup", backups.resolve("tower-backup.db").toString()));
        Path backup = backups.resolve("tower-backup.db");
        assertEquals(backup.toString(), field(stdout(), "path"));
        assertEquals(Long.toString(Files.size(backup)), field(stdout(), "bytes"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertEquals(TowerMain.ADMIN_ERROR, admin("backup", "--path", backup.toString()));
        assertTrue(stderr().contains("it exists, and a backup never replaces a file"), stderr());

        assertEquals(0, adminOptionsFirst("stop"));
        assertEquals("{\n  \"stopping\": true\n}\n", stdout());
        assertEquals(0, serving.get(60, TimeUnit.SECONDS), "vigil devnet exits with 0 after vigil admin stop");

        assertEquals(TowerMain.NO_TOWER, admin("gettowerinfo"));
        assertTrue(stderr().startsWith("vigil: no tower answering at http://127.0.0.1:" + adminPort), stderr());
    }

    @Test
    void everyAdminCommandHasHelp() {
        for (String command : List.of("gettowerinfo", "getusers", "getuser", "getappointments", "getallappointments",
                "gettrackers", "backup", "stop")) {
            out.reset();
            assertEquals(0, new CommandLine(new TowerMain()).execute("admin", command, "--help"));
            String help = stdout().replaceAll("\\s+", " ");
            assertTrue(help.startsWith("Usage: vigil admin " + command) && help.contains("--datadir") && help.contains("--devnet"),
                    help);
        }
        out.reset();
        assertEquals(0, new CommandLine(new TowerMain()).execute("admin", "--help"));
        String help = stdout().replaceAll("\\s+", " ");
        assertTrue(help.contains("Exit codes: 0 answered; 8 the tower answered with an error"), help);
    }

    @Test
    void jsonIsIndentedWithoutTouchingStringsAndRequestsAreEscaped() {
        assertEquals("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": \"x, {y}: [z] \\\" q\",\n  \"c\": []\n}",
                JsonText.indent("{\"a\":[1,{}],\"b\":\"x, {y}: [z] \\\" q\",\"c\":[]}"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", "/tmp/a \"b\\c");
        request.put("limit", 7);
        assertEquals("{\"path\":\"/tmp/a \\\"b\\\\c\",\"limit\":7}", JsonText.object(request));
        assertEquals("bad \"x\"\nline", JsonText.errorOf("{\"error\":\"bad \\\"x\\\"\\nline\",\"error_code\":101}").orElseThrow());
    }
}
