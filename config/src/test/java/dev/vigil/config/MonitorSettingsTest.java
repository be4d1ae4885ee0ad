package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.config.VigilConfig.MonitorSettings;
import dev.vigil.config.VigilConfig.MonitorSettings.WatchKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor.*}: docs/monitoring.md 7.5's keys, defaults and validation rules. */
class MonitorSettingsTest {
    private static final String USER = "02" + "5e".repeat(32);

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader();

    private MonitorSettings monitor(Optional<Path> file, Map<String, String> flags) {
        return ConfigKeyMapping.valid(loader.load(file, Map.of(), flags, home)).monitor();
    }

    private MonitorSettings monitor(Map<String, String> flags) {
        return monitor(Optional.empty(), flags);
    }

    private List<ConfigProblem> problems(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return assertInstanceOf(ConfigResult.Invalid.class, loader.load(file, env, flags, home)).problems();
    }

    private List<ConfigProblem> problems(Map<String, String> flags) {
        return problems(Optional.empty(), Map.of(), flags);
    }

    @Test
    void theDefaultsAreTheTableOfSection75() {
        assertEquals(new MonitorSettings(true, 100,
                new MonitorSettings.Watches(1_000, Set.of(WatchKind.HINT, WatchKind.OUTPOINT)),
                new MonitorSettings.Users(Set.of()),
                new MonitorSettings.Events(1_000, 4L << 20, 4_320),
                new MonitorSettings.Justice(List.of(6)),
                new MonitorSettings.Deadline(6),
                new MonitorSettings.SubscriptionWarnings(100, List.of(1_008L, 144L)),
                new MonitorSettings.Streams(4, 10_000, Duration.ofSeconds(15), Duration.ofSeconds(60)),
                new MonitorSettings.Challenges(Duration.ofSeconds(60), 10_000),
                new MonitorSettings.Webhooks(true, false, false, Duration.ofSeconds(10), Duration.ofSeconds(5),
                        Duration.ofHours(1), Duration.ofHours(72))),
                monitor(Map.of()));
    }

    @Test
    void theIrrevocableDepthDefaultsToTheResponders() {
        assertEquals(144, monitor(Map.of("responder-irrevocable-depth", "144")).irrevocableDepth());
        assertEquals(50, monitor(Map.of("responder-irrevocable-depth", "144", "monitor-irrevocable-depth", "50"))
                .irrevocableDepth());
        assertEquals(144, ConfigKeyMapping.valid(loader.load(Optional.empty(),
                Map.of("VIGIL_RESPONDER_IRREVOCABLE_DEPTH", "144", "VIGIL_MONITOR_IRREVOCABLE_DEPTH", " "), Map.of(), home))
                .monitor().irrevocableDepth(), "blank = the responder's");
    }

    @Test
    void theDefaultReportedDepthIsLeftOutBelowAShallowIrrevocableDepthButASetOneIsRefused() {
        // The e2e scenarios' towers run with an irrevocable depth of 6: the template's [6] must not stop them.
        MonitorSettings shallow = monitor(Map.of("responder-irrevocable-depth", "6"));
        assertEquals(6, shallow.irrevocableDepth());
        assertEquals(List.of(), shallow.justice().reportedDepths());
        assertEquals(List.of(6), monitor(Map.of("responder-irrevocable-depth", "7")).justice().reportedDepths());
        assertEquals(List.of("monitor.justice.reported-depths (command-line flags): 6 is not below"
                        + " monitor.irrevocable-depth (6)"),
                problems(Map.of("responder-irrevocable-depth", "6", "monitor-justice-reported-depths", "6"))
                        .stream().map(ConfigProblem::toString).toList());
        assertEquals(List.of("monitor.justice.reported-depths"),
                keys(problems(Map.of("monitor-irrevocable-depth", "10", "monitor-justice-reported-depths", "3, 10"))));
    }

    @Test
    void listsAreHoconListsInTheFileAndCommaSeparatedElsewhere() throws IOException {
        MonitorSettings m = monitor(Optional.of(write("""
                monitor {
                  watches.kinds = [OUTPOINT, outpoint]
                  users.deny = ["%s", "%s"]
                  justice.reported-depths = [12, 3, 12]
                  subscription.expiry-warnings = []
                }
                """.formatted(USER, USER.toUpperCase(java.util.Locale.ROOT)))), Map.of());
        assertEquals(Set.of(WatchKind.OUTPOINT), m.watches().kinds());
        assertEquals(Set.of(USER), m.users().deny());
        assertEquals(List.of(3, 12), m.justice().reportedDepths(), "ascending, each once");
        assertEquals(List.of(), m.subscription().expiryWarnings());
        assertEquals(List.of(12), monitor(Optional.of(write("monitor.justice.reported-depths = 12\n")), Map.of())
                .justice().reportedDepths(), "a lone number is a list of one");
        assertEquals(Set.of(), monitor(Map.of("monitor-watches-kinds", "[]")).watches().kinds());
        assertEquals(Set.of(), monitor(Map.of("monitor-watches-kinds", "")).watches().kinds());
        assertEquals(List.of(2_016L, 144L, 6L),
                monitor(Map.of("monitor-subscription-expiry-warnings", " [ 6 , 144,2016 ] ")).subscription().expiryWarnings());
        assertEquals(Set.of(WatchKind.HINT, WatchKind.OUTPOINT), ConfigKeyMapping.valid(loader.load(Optional.empty(),
                Map.of("VIGIL_MONITOR_WATCHES_KINDS", "outpoint,hint"), Map.of(), home)).monitor().watches().kinds());
    }

    /** One bad value of each key, and what the one problem it causes says. */
    private record Bad(String flag, String value, String key, String says) {
    }

    @Test
    void eachBadValueIsOneProblemNamingItsKey() {
        List<Bad> cases = List.of(
                new Bad("monitor-enabled", "maybe", "monitor.enabled", "'maybe' is not true or false"),
                new Bad("monitor-irrevocable-depth", "0", "monitor.irrevocable-depth", "0 is out of range [1, 100000]"),
                // Reported once, not again through the reported depths it would be compared with.
                new Bad("monitor-irrevocable-depth", "deep", "monitor.irrevocable-depth", "'deep' is not a whole number"),
                new Bad("monitor-watches-max-per-user", "0", "monitor.watches.max-per-user", "0 is out of range [1, 1000000]"),
                new Bad("monitor-watches-kinds", "hint, onion", "monitor.watches.kinds", "'onion' is not one of hint, outpoint"),
                new Bad("monitor-users-deny", "02abcd", "monitor.users.deny", "'02abcd' is not a user id (66 hex digits"),
                new Bad("monitor-users-deny", "04" + "5e".repeat(32), "monitor.users.deny", "is not a user id"),
                new Bad("monitor-users-deny", "02" + "zz".repeat(32), "monitor.users.deny", "is not a user id"),
                new Bad("monitor-users-deny", USER + ",,", "monitor.users.deny", "has an empty item"),
                new Bad("monitor-events-max-per-user", "0", "monitor.events.max-per-user", "0 is out of range [1, 1000000]"),
                new Bad("monitor-events-max-bytes-per-user", "100KiB", "monitor.events.max-bytes-per-user",
                        "102400 is out of range [262144, 1073741824]"),
                new Bad("monitor-events-max-bytes-per-user", "lots", "monitor.events.max-bytes-per-user", "'lots' is not a size"),
                new Bad("monitor-events-max-age-blocks", "0", "monitor.events.max-age-blocks", "0 is out of range [1, 1000000]"),
                new Bad("monitor-justice-reported-depths", "1", "monitor.justice.reported-depths", "1 is out of range [2, 99999]"),
                new Bad("monitor-justice-reported-depths", "100", "monitor.justice.reported-depths",
                        "100 is not below monitor.irrevocable-depth (100)"),
                new Bad("monitor-justice-reported-depths", "6, six", "monitor.justice.reported-depths",
                        "'six' is not a whole number; allowed range [2, 99999]"),
                new Bad("monitor-justice-reported-depths", "4294967302", "monitor.justice.reported-depths",
                        "4294967302 is out of range [2, 99999]"),
                new Bad("monitor-deadline-warn-blocks", "0", "monitor.deadline.warn-blocks", "0 is out of range [1, 65535]"),
                new Bad("monitor-deadline-warn-blocks", "65536", "monitor.deadline.warn-blocks", "out of range [1, 65535]"),
                new Bad("monitor-subscription-low-slots", "0", "monitor.subscription.low-slots", "0 is out of range"),
                new Bad("monitor-subscription-expiry-warnings", "144, 0", "monitor.subscription.expiry-warnings",
                        "0 is out of range [1, 4294967295]"),
                new Bad("monitor-streams-max-per-user", "0", "monitor.streams.max-per-user", "0 is out of range [1, 1000]"),
                new Bad("monitor-streams-max", "0", "monitor.streams.max", "0 is out of range [1, 1000000]"),
                new Bad("monitor-streams-heartbeat", "0s", "monitor.streams.heartbeat", "PT0S is out of range [PT1S, PT5M]"),
                new Bad("monitor-streams-heartbeat", "often", "monitor.streams.heartbeat", "'often' is not a duration"),
                new Bad("monitor-streams-write-stall", "2h", "monitor.streams.write-stall", "PT2H is out of range [PT1S, PT1H]"),
                new Bad("monitor-challenges-ttl", "500ms", "monitor.challenges.ttl", "PT0.5S is out of range [PT1S, PT1H]"),
                new Bad("monitor-challenges-max", "0", "monitor.challenges.max", "0 is out of range [1, 1000000]"),
                new Bad("monitor-webhooks-enabled", "sometimes", "monitor.webhooks.enabled", "is not true or false"),
                new Bad("monitor-webhooks-allow-http", "2", "monitor.webhooks.allow-http", "'2' is not true or false"),
                new Bad("monitor-webhooks-allow-private-targets", "x", "monitor.webhooks.allow-private-targets",
                        "is not true or false"),
                new Bad("monitor-webhooks-timeout", "0s", "monitor.webhooks.timeout", "PT0S is out of range [PT1S, PT5M]"),
                new Bad("monitor-webhooks-backoff-initial", "10ms", "monitor.webhooks.backoff-initial",
                        "PT0.01S is out of range [PT0.1S, PT1H]"),
                new Bad("monitor-webhooks-backoff-initial", "2h", "monitor.webhooks.backoff-initial", "out of range"),
                new Bad("monitor-webhooks-backoff-max", "1s", "monitor.webhooks.backoff-max",
                        "must not be shorter than monitor.webhooks.backoff-initial (PT5S)"),
                new Bad("monitor-webhooks-max-age", "30m", "monitor.webhooks.max-age",
                        "must not be shorter than monitor.webhooks.backoff-max (PT1H)"),
                // Not compared with backoff-max through a stand-in: reported once.
                new Bad("monitor-webhooks-max-age", "soon", "monitor.webhooks.max-age", "'soon' is not a duration"));
        for (Bad bad : cases) {
            List<ConfigProblem> p = problems(Map.of(bad.flag(), bad.value()));
            assertEquals(List.of(bad.key()), keys(p), bad + ": " + p);
            assertEquals("command-line flags", p.get(0).origin(), bad.toString());
            assertTrue(p.get(0).message().contains(bad.says()), bad + ": " + p);
        }
    }

    @Test
    void aBadValueInTheFileNamesTheFile() throws IOException {
        Path file = write("monitor { webhooks { allow-http = nope } }\n");
        List<ConfigProblem> p = problems(Optional.of(file), Map.of(), Map.of());
        assertEquals(List.of("monitor.webhooks.allow-http"), keys(p));
        assertTrue(p.get(0).origin().contains(file.getFileName().toString()), p.toString());
        assertTrue(problems(Optional.of(write("monitor.watches.kinds = [[hint]]\n")), Map.of(), Map.of()).get(0).message()
                .contains("is not a single value"));
        assertTrue(problems(Optional.of(write("monitor.watches.kinds = true\n")), Map.of(), Map.of()).get(0).message()
                .contains("is not a list"));
    }

    @Test
    void everyMonitorProblemIsReportedAtOnce() {
        // The reported depth is compared with the irrevocable depth although other parts failed to build.
        List<ConfigProblem> p = problems(Optional.empty(), Map.of("VIGIL_MONITOR_STREAMS_MAX", "0"), Map.of(
                "monitor-irrevocable-depth", "5", "monitor-justice-reported-depths", "8",
                "monitor-watches-kinds", "channel", "monitor-webhooks-backoff-initial", "2h",
                "monitor-webhooks-max-age", "10s", "monitor-events-max-per-user", "-1"));
        assertEquals(List.of("monitor.events.max-per-user", "monitor.justice.reported-depths", "monitor.streams.max",
                "monitor.watches.kinds", "monitor.webhooks.backoff-initial", "monitor.webhooks.max-age"),
                keys(p).stream().sorted().toList());
    }

    @Test
    void unknownMonitorKeysFlagsAndVariablesAreRefused() throws IOException {
        List<ConfigProblem> p = problems(Optional.of(write("monitor { watches { max-per-usr = 3 } }\n")),
                Map.of("VIGIL_MONITOR_STREAM_MAX", "3"), Map.of("monitor-webhook-timeout", "5s"));
        assertEquals(3, p.size(), p.toString());
        String all = p.toString();
        assertTrue(all.contains("monitor.watches.max-per-usr") && all.contains("did you mean monitor.watches.max-per-user?"), all);
        assertTrue(all.contains("VIGIL_MONITOR_STREAM_MAX: unknown environment variable"), all);
        assertTrue(all.contains("monitor-webhook-timeout") && all.contains("did you mean monitor.webhooks.timeout?"), all);
    }

    @Test
    void theRecordsCheckWhatCodeBuilds() {
        assertEquals(List.of("monitor.users.deny: 'xyz' is not a user id (66 hex digits starting 02 or 03)"),
                violations(() -> new MonitorSettings.Users(Set.of("xyz"))));
        assertEquals(List.of("monitor.webhooks.backoff-max: must not be shorter than monitor.webhooks.backoff-initial (PT10S)",
                "monitor.webhooks.max-age: must not be shorter than monitor.webhooks.backoff-max (PT5S)"),
                violations(() -> new MonitorSettings.Webhooks(true, false, false, Duration.ofSeconds(10),
                        Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2))));
        MonitorSettings defaults = monitor(Map.of());
        assertEquals(List.of("monitor.justice.reported-depths: 6 is not below monitor.irrevocable-depth (6)"),
                violations(() -> new MonitorSettings(true, 6, defaults.watches(), defaults.users(), defaults.events(),
                        defaults.justice(), defaults.deadline(), defaults.subscription(), defaults.streams(),
                        defaults.challenges(), defaults.webhooks())));
        assertThrows(UnsupportedOperationException.class, () -> defaults.justice().reportedDepths().add(7));
        assertThrows(UnsupportedOperationException.class, () -> defaults.watches().kinds().clear());
    }

    @Test
    void theTemplateDocumentsTheMonitorKeys() {
        assertEquals("[hint, outpoint]", loader.defaultText("monitor.watches.kinds"));
        assertEquals("[]", loader.defaultText("monitor.users.deny"));
        assertEquals("\"\"", loader.defaultText("monitor.irrevocable-depth"));
        assertEquals("4MiB", loader.defaultText("monitor.events.max-bytes-per-user"));
        assertTrue(loader.documentation("monitor.irrevocable-depth").contains("Empty = responder.irrevocable-depth"),
                loader.documentation("monitor.irrevocable-depth"));
        assertTrue(ConfigLoader.templateText().contains("docs/monitoring.md"));
    }

    private static List<String> violations(Runnable build) {
        return assertThrows(InvalidSettingsException.class, build::run).violations().stream()
                .map(InvalidSettingsException.Violation::toString).toList();
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(home, "vigil", ".conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
