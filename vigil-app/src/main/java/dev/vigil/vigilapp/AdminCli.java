package dev.vigil.vigilapp;

import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil admin <command>}: the admin commands (docs/admin.md) sent to a running tower's admin listener
 * ({@code admin.bind}:{@code admin.port}, from the same configuration as the tower's) with the token in
 * {@code <datadir>/admin.token}, as teos-cli does for teos. Prints the JSON answer, indented, on stdout. Exit
 * codes: 0 answered, {@link TowerMain#ADMIN_ERROR} the tower answered with an error (its JSON on stdout, a line on
 * stderr), {@link TowerMain#NO_TOWER} no tower answering at the address, {@link TowerMain#BAD_CONFIG} a bad
 * configuration or command line, or no token to read.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Ask a running tower for its state, a backup, or to stop, over its admin listener"
                + " (admin.bind:admin.port) with the token in <datadir>/admin.token; prints the JSON answer.",
        subcommands = {AdminCli.GetTowerInfo.class, AdminCli.GetUsers.class, AdminCli.GetUser.class,
                AdminCli.GetAppointments.class, AdminCli.GetAllAppointments.class, AdminCli.GetTrackers.class,
                AdminCli.Backup.class, AdminCli.Stop.class},
        footer = {"", "Exit codes: 0 answered; " + TowerMain.ADMIN_ERROR + " the tower answered with an error (error and"
                + " error_code on stdout); " + TowerMain.NO_TOWER + " no tower answering at the address; "
                + TowerMain.BAD_CONFIG + " invalid configuration or command line, or no admin token in the datadir."})
final class AdminCli implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    /** The same options before the command ({@code vigil admin --datadir x stop}) as after it. */
    @Mixin
    Target target = new Target();

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return TowerMain.BAD_CONFIG;
    }

    /** Where the tower is and which datadir holds its token: the tower's own options. */
    static final class Target {
        @Mixin
        TowerMain.Common common = new TowerMain.Common();
        @Option(names = "--admin-bind", description = "Address of the admin listener (default 127.0.0.1).")
        String adminBind;
        @Option(names = "--devnet", description = "The tower of `vigil devnet` on this datadir (its store and token are"
                + " in <datadir>/devnet-run/tower).")
        boolean devnet;

        /** These options, each taken from {@code before} (given before the command's name) where not given here. */
        Target or(Target before) {
            Target t = new Target();
            t.common.config = common.config != null ? common.config : before.common.config;
            t.common.datadir = common.datadir != null ? common.datadir : before.common.datadir;
            t.common.apiBind = common.apiBind != null ? common.apiBind : before.common.apiBind;
            t.common.apiPort = common.apiPort != null ? common.apiPort : before.common.apiPort;
            t.common.adminPort = common.adminPort != null ? common.adminPort : before.common.adminPort;
            t.adminBind = adminBind != null ? adminBind : before.adminBind;
            t.devnet = devnet || before.devnet;
            return t;
        }
    }

    /** The one value given as {@code positional} or as {@code flag}; a usage error (exit 2) for none or both. */
    static String one(CommandLine.Model.CommandSpec spec, String positional, String flag, String label, String flagName) {
        if ((positional == null) == (flag == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give " + label + " or " + flagName + " " + label
                    + (positional == null ? "" : ", not both"));
        }
        return positional != null ? positional : flag;
    }

    /** One admin command: its name, the JSON body it sends, and how long it may take. */
    abstract static class Request implements Callable<Integer> {
        @Mixin
        Target target = new Target();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.ParentCommand
        AdminCli parent;

        /** The command's name is the admin command's. */
        final String command() {
            return spec.name();
        }

        /** The parameters, as JSON members in order; values are strings or numbers. */
        Map<String, Object> parameters() {
            return Map.of();
        }

        /** How long the answer may take: a backup copies the whole store. */
        Duration timeout() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Integer call() {
            Target target = this.target.or(parent.target);
            Map<String, String> flags = target.common.flags();
            TowerMain.put(flags, "admin-bind", target.adminBind);
            Optional<VigilConfig> loaded = TowerMain.read(target.common.config, flags, java.util.Set.of());
            if (loaded.isEmpty()) {
                return TowerMain.BAD_CONFIG;
            }
            VigilConfig config = loaded.get();
            Path datadir = target.devnet ? config.datadir().resolve("devnet-run").resolve("tower") : config.datadir();
            if (config.admin().port() == 0) {
                System.err.println("vigil: admin.port is 0 (any free port): pass the port the tower logged with --admin-port");
                return TowerMain.BAD_CONFIG;
            }
            Path tokenFile = datadir.resolve("admin.token");
            String token;
            try {
                token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
            } catch (NoSuchFileException e) {
                System.err.println("vigil: no admin token at " + tokenFile + ": the tower makes it at its first start; pass"
                        + " the tower's --datadir" + (target.devnet ? "" : " (or --devnet for `vigil devnet`'s tower)"));
                return TowerMain.BAD_CONFIG;
            } catch (IOException e) {
                System.err.println("vigil: cannot read the admin token " + tokenFile + ": " + TowerMain.oneLine(e)
                        + " (run as the user who runs the tower)");
                return TowerMain.BAD_CONFIG;
            }
            String host = config.admin().bind();
            String address = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.admin().port();
            return send(address, token);
        }

        private int send(String address, String token) {
            // HTTP/1.1: the listener does not speak h2c, and an upgrade offer would only cost a round trip.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/admin/" + command()))
                    .timeout(timeout()).header("Authorization", "Bearer " + token).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonText.object(parameters()))).build();
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                System.err.println("vigil: no tower answering at " + address + " (is it running? its admin.bind and"
                        + " admin.port, or --admin-bind and --admin-port here)");
                return TowerMain.NO_TOWER;
            } catch (HttpTimeoutException e) {
                System.err.println("vigil: the tower at " + address + " did not answer " + command() + " within " + timeout().toSeconds()
                        + " s");
                return TowerMain.NO_TOWER;
            } catch (IOException e) {
                System.err.println("vigil: no tower answering at " + address + ": " + TowerMain.oneLine(e));
                return TowerMain.NO_TOWER;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TowerMain.NO_TOWER;
            }
            String body = answer.body();
            System.out.println(JsonText.looksLikeJson(body) ? JsonText.indent(body) : body);
            if (answer.statusCode() == 200) {
                return 0;
            }
            System.err.println("vigil: the tower answered " + command() + " with HTTP " + answer.statusCode()
                    + JsonText.errorOf(body).map(e -> ": " + e).orElse(""));
            return TowerMain.ADMIN_ERROR;
        }
    }

    @Command(name = "gettowerinfo", mixinStandardHelpOptions = true, description = "The tower id, its users, appointments"
            + " and trackers, whether bitcoind answers, the network and the chain heights.")
    static final class GetTowerInfo extends Request {
    }

    @Command(name = "getusers", mixinStandardHelpOptions = true, description = "The ids of the registered users.")
    static final class GetUsers extends Request {
    }

    @Command(name = "getuser", mixinStandardHelpOptions = true, description = "A user's subscription (slots, start,"
            + " expiry) and the locators of its appointments and trackers.")
    static final class GetUser extends Request {
        @Parameters(index = "0", arity = "0..1", paramLabel = "USER_ID", description = "The user id: a 33-byte public key in hex.")
        String userId;
        @Option(names = "--user-id", paramLabel = "USER_ID", description = "The same, as a flag.")
        String userIdFlag;

        @Override
        Map<String, Object> parameters() {
            return Map.of("user_id", one(spec, userId, userIdFlag, "USER_ID", "--user-id"));
        }
    }

    @Command(name = "getappointments", mixinStandardHelpOptions = true, description = "Every appointment (being watched)"
            + " and tracker (dispute responded) of a locator, of every user.")
    static final class GetAppointments extends Request {
        @Parameters(index = "0", arity = "0..1", paramLabel = "LOCATOR", description = "The locator: 16 bytes in hex.")
        String locator;
        @Option(names = "--locator", paramLabel = "LOCATOR", description = "The same, as a flag.")
        String locatorFlag;

        @Override
        Map<String, Object> parameters() {
            return Map.of("locator", one(spec, locator, locatorFlag, "LOCATOR", "--locator"));
        }
    }

    @Command(name = "getallappointments", mixinStandardHelpOptions = true, description = "One page of every appointment,"
            + " then every tracker; the answer's \"next\" is the --after of the next page (null after the last).")
    static final class GetAllAppointments extends Request {
        @Option(names = "--after", paramLabel = "CURSOR", description = "Start after this cursor (the \"next\" of the page before).")
        String after;
        @Option(names = "--limit", paramLabel = "N", description = "At most this many items, 1 to 1000 (default 100).")
        Integer limit;

        @Override
        Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            if (after != null) {
                p.put("after", after);
            }
            if (limit != null) {
                p.put("limit", limit);
            }
            return p;
        }
    }

    @Command(name = "gettrackers", mixinStandardHelpOptions = true, description = "The breaches being answered: dispute"
            + " and penalty txids, the penalty's state, the heights.")
    static final class GetTrackers extends Request {
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "A consistent copy of the running tower's"
            + " store (its key included: keep it private) written by the tower to PATH, a new file in an existing directory."
            + " Restore: stop the tower, copy it to <datadir>/tower.db, start the tower.")
    static final class Backup extends Request {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Where the tower writes the copy (relative"
                + " to this directory; the tower's user must be able to write there).")
        String path;
        @Option(names = "--path", paramLabel = "PATH", description = "The same, as a flag.")
        String pathFlag;

        @Override
        Map<String, Object> parameters() {
            return Map.of("path", Path.of(one(spec, path, pathFlag, "PATH", "--path")).toAbsolutePath().normalize().toString());
        }

        @Override
        Duration timeout() {
            return Duration.ofHours(1);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the tower cleanly (as SIGTERM does);"
            + " it answers first. `vigil run` and `vigil devnet` then exit with code 0.")
    static final class Stop extends Request {
    }
}
