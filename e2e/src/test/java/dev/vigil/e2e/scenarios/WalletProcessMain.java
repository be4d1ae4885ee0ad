package dev.vigil.e2e.scenarios;

import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.RevocationSigners;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.TowerEndpoint;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.transport.Transport;
import dev.vigil.clientsdk.transport.TransportResult;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.towerprotocol.secp256k1.PrivateKey;
import dev.vigil.towerprotocol.secp256k1.Secp256k1Backends;
import dev.vigil.towerprotocol.wire.Parsed;
import dev.vigil.towerprotocol.wire.Messages;
import dev.vigil.towerprotocol.wire.TeosJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A wallet process for {@link SdkWalletCrashIT}, killed with {@code kill -9} by the test: it opens
 * the SDK on a {@link FileRecordLog} directory where the channel is already registered (the channel
 * comes from the log, not from here) and runs a script, one command a line:
 * <pre>
 * tower &lt;url&gt; &lt;tower id hex&gt;
 * wallet-secret &lt;hex&gt;
 * revocation-secret &lt;hex&gt;             (the signer of the channel's justice transactions)
 * stall-after-sends &lt;k&gt;               (after the k-th add_appointment is answered, print "stalled" and hang
 *                                       before the SDK sees the receipt)
 * report &lt;number&gt; &lt;commitment hex&gt; &lt;per-commitment secret hex&gt; [DIRECTION:msat:hash hex:cltv]...
 * flush
 * hold                                  (print "holding" and wait to be killed)
 * </pre>
 * Its output, one line each, after the fact: {@code ready} once the client is loaded,
 * {@code queued <number> <locator hex>...} once {@code onRevokedCommitment} returned {@code Queued}
 * (every locator it put in the outbox), {@code flushed <delivered>}, {@code stalled <locator hex>}.
 * Anything else it was not told to expect goes to stderr with exit status 2.
 */
public final class WalletProcessMain {
    private static final long HANG_MILLIS = 60_000; // a parent that failed to kill it does not leave it behind for long

    private WalletProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path walletDir = Path.of(args[0]);
        List<String[]> script = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).map(l -> l.trim().split(" ")).toList();
        TowerEndpoint endpoint = null;
        Bytes walletSecret = null;
        PrivateKey revocationSecret = null;
        int stallAfter = 0;
        for (String[] c : script) {
            switch (c[0]) {
                case "tower" -> endpoint = new TowerEndpoint(URI.create(c[1]), TowerId.fromHex(c[2]));
                case "wallet-secret" -> walletSecret = Bytes.fromHex(c[1]);
                case "revocation-secret" -> revocationSecret = PrivateKey.fromHex(c[1]);
                case "stall-after-sends" -> stallAfter = Integer.parseInt(c[1]);
                default -> { }
            }
        }
        TowerClient client = TowerClient.builder(walletSecret, new FileRecordLog(walletDir))
                .tower(endpoint)
                .signers(RevocationSigners.of(revocationSecret))
                .transport(stalling(SdkWallet.transport(), stallAfter))
                .build();
        if (client.channels().size() != 1) {
            fail("expected the one channel the parent registered, found " + client.channels());
        }
        ChannelId channel = client.channels().get(0).id();
        say("ready");
        for (String[] c : script) {
            switch (c[0]) {
                case "report" -> report(client, channel, c);
                case "flush" -> {
                    FlushReport r = client.flush();
                    say("flushed " + r.of(endpoint.towerId()).delivered());
                }
                case "hold" -> {
                    say("holding");
                    Thread.sleep(HANG_MILLIS);
                    System.exit(3);
                }
                default -> { }
            }
        }
    }

    private static void report(TowerClient client, ChannelId channel, String[] c) {
        List<Htlc> htlcs = new ArrayList<>();
        for (String h : Arrays.asList(c).subList(4, c.length)) {
            String[] f = h.split(":");
            htlcs.add(new Htlc(Htlc.Direction.valueOf(f[0]), Long.parseLong(f[1]), Bytes.fromHex(f[2]), Long.parseLong(f[3])));
        }
        RevocationResult r = client.onRevokedCommitment(channel, Bytes.fromHex(c[2]), PrivateKey.fromHex(c[3]), htlcs,
                SdkWallet.COMMITMENT_FEERATE_PER_KW);
        if (!(r instanceof RevocationResult.Queued q)) {
            fail("state " + c[1] + ": " + r);
            return;
        }
        say("queued " + q.commitmentNumber() + " " + SdkWallet.locators(q).stream().map(Locator::toHex).collect(Collectors.joining(" ")));
    }

    /** The SDK's transport, which hangs once the {@code after}-th add_appointment has been answered. */
    private static Transport stalling(Transport base, int after) {
        TeosJson json = new TeosJson(Secp256k1Backends.best(), 1 << 20);
        int[] sends = {0};
        return (url, body) -> {
            TransportResult r = base.post(url, body);
            if (url.getPath().endsWith("/add_appointment") && ++sends[0] == after) {
                Parsed<Messages.AddAppointmentRequest> p = json.parseAddAppointmentRequest(body);
                say("stalled " + ((Parsed.Ok<Messages.AddAppointmentRequest>) p).value().appointment().locator().toHex());
                try {
                    Thread.sleep(HANG_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.exit(3);
            }
            return r;
        };
    }

    /** Exactly one whole line on stdout, flushed: the parent counts only whole lines. */
    private static void say(String line) {
        System.out.print(line + "\n");
        System.out.flush();
    }

    private static void fail(String why) {
        System.err.println(why);
        System.exit(2);
    }
}
