package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.clientsdk.ChannelStatus;
import dev.vigil.clientsdk.FlushReport;
import dev.vigil.clientsdk.TowerClient;
import dev.vigil.clientsdk.channel.ChannelId;
import dev.vigil.clientsdk.outbox.FileRecordLog;
import dev.vigil.clientsdk.outbox.ReceiptProof;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.justicetxbuilder.scripts.Htlc;
import dev.vigil.towerprotocol.Locator;
import dev.vigil.towerprotocol.TowerId;
import dev.vigil.towerserver.app.Tower;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet process dies ({@code kill -9}) between revocations and their delivery, several times:
 * right after the SDK said a revocation was queued (the next one possibly half stored), and in the
 * middle of a flush after the tower took an appointment but before the SDK kept its receipt. Each
 * time the SDK is opened again on the same {@link FileRecordLog} directory. In the end every
 * revocation the SDK ever reported as queued is delivered exactly once, with a receipt that
 * verifies, and watched by the tower; and a breach of one of them is answered.
 *
 * <p>The wallet re-reports, after a crash, the states it has no {@code Queued} answer for (it cannot
 * know whether the last one reached the log): that is how a wallet uses the SDK, and reporting a
 * state twice replaces its pending appointment rather than adding one.
 */
class SdkWalletCrashIT {
    private static final String LABEL = "sdk-wallet-crash";
    private static final int STATES = 8;
    private static final long LINE_TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void revocationsQueuedByAWalletKilledBeforeDeliveringThemAreDeliveredOnceAfterItsRestart() throws Exception {
        SdkWallet.onDevnet(dir, "SDK 3. wallet process killed between revocations and their delivery", LABEL, (devnet, channel, report) -> {
            List<RevokedState> states = new ArrayList<>();
            for (int n = 0; n < STATES; n++) {
                states.add(n == 2 || n == 5 ? channel.revokedState(n, SdkWallet.htlcs(LABEL, n)) : channel.revokedState(n));
            }
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                TowerId id = tower.towerId();
                Path walletDir = dir.resolve("wallet");
                ChannelId channelId;
                try (FileRecordLog log = new FileRecordLog(walletDir)) {
                    TowerClient client = SdkWallet.client(LABEL, log, channel).tower(SdkWallet.endpoint(tower)).build();
                    channelId = SdkWallet.register(client, channel).id();
                }
                String header = "tower " + SdkWallet.endpoint(tower).url() + " " + id.toHex() + "\n"
                        + "wallet-secret " + SdkWallet.walletSecret(LABEL).toHex() + "\n"
                        + "revocation-secret " + channel.walletRevocationSecret().value().toHex() + "\n";
                Map<Long, List<Locator>> queued = new LinkedHashMap<>(); // what the wallet was told is durably queued

                // Round 1: killed right after the second Queued, while the third state may be being stored.
                Child one = Child.start(dir, walletDir, header + reports(states.subList(0, 3)) + "hold\n");
                one.killAfter("queued 1 ");
                one.record(queued);
                assertTrue(queued.containsKey(0L) && queued.containsKey(1L), "round 1: " + one.lines);
                Outbox afterOne = outbox(walletDir, channel, tower);
                assertTrue(afterOne.pending().containsAll(locators(queued)), "every Queued answer was durable: " + afterOne);
                report.note("round 1: killed after \"queued 1\"; queued so far " + queued.keySet());

                // Round 2: the rest of states 0..4 again, then killed in a flush, once the tower has
                // answered the third appointment but before the SDK has its receipt.
                Child two = Child.start(dir, walletDir, header + reports(unqueued(states.subList(0, 5), queued))
                        + "stall-after-sends 3\nflush\n");
                String stalled = two.killAfter("stalled ").substring("stalled ".length());
                two.record(queued);
                assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), queued.keySet(), "round 2: " + two.lines);
                Outbox afterTwo = outbox(walletDir, channel, tower);
                assertEquals(2, afterTwo.receipts().size(), "the two answered before the stall are kept: " + afterTwo);
                assertTrue(afterTwo.pending().contains(Locator.fromHex(stalled)), "the stalled one is still pending: " + afterTwo);
                assertEquals(locators(queued), afterTwo.held(), "every queued locator is pending or receipted, and nothing else");
                report.note("round 2: killed in a flush after the tower answered " + stalled + " and before the receipt was kept");

                // Round 3: the rest, a whole flush, one more state, then killed right after its Queued.
                Child three = Child.start(dir, walletDir, header + reports(unqueued(states.subList(0, 7), queued)) + "flush\n"
                        + reports(states.subList(7, 8)) + "hold\n");
                three.killAfter("queued 7 ");
                three.record(queued);
                assertEquals(STATES, queued.size(), "round 3: " + three.lines);
                assertTrue(three.lines.stream().anyMatch(l -> l.startsWith("flushed ")), "round 3 flushed: " + three.lines);
                report.note("round 3: flushed (" + three.lines.stream().filter(l -> l.startsWith("flushed ")).findFirst().orElseThrow()
                        + "), then killed after \"queued 7\"");

                // The wallet restarts once more, in this process, and flushes: nothing is lost, nothing doubled.
                Set<Locator> expected = locators(queued);
                assertEquals(STATES + 2 * 2, expected.size(), "one locator per state and per HTLC");
                assertTrue(expected.contains(Locator.fromHex(stalled)));
                try (FileRecordLog log = new FileRecordLog(walletDir)) {
                    TowerClient client = SdkWallet.client(LABEL, log, channel).tower(SdkWallet.endpoint(tower)).build();
                    FlushReport last = client.flush();
                    var done = last.of(id);
                    assertInstanceOf(FlushReport.Outcome.Done.class, done.outcome(), done::toString);
                    assertEquals(0, done.stillPending());
                    assertEquals(List.of(), client.pending(id));
                    Set<Locator> receipted = client.receipts(id).stream().map(r -> r.appointment().locator())
                            .collect(Collectors.toCollection(LinkedHashSet::new));
                    assertEquals(expected, receipted, "a receipt for every queued locator and for nothing else");
                    assertEquals(expected.size(), client.receipts(id).size(), "one receipt per locator: " + client.receipts(id));
                    for (Locator l : expected) {
                        SdkWallet.assertWatched(client, id, l); // exactly one receipt, verified, and being_watched
                    }
                    ChannelStatus cs = client.channelStatus(channelId).orElseThrow();
                    assertEquals(List.of(new ChannelStatus.PerTower(id, expected.size(), 0, 0)), cs.towers());
                    assertEquals(STATES - 1, cs.channel().highestRevokedNumber());
                    report.note("after the last restart: the flush delivered " + done.delivered() + "; " + expected.size()
                            + " locators, one verified receipt each, all being_watched");

                    // The state whose receipt the killed flush never kept is breached: answered.
                    RevokedState breach = states.stream().filter(s -> s.locator().equals(Locator.fromHex(stalled))).findFirst()
                            .orElse(states.get(3));
                    ReceiptProof receipt = SdkWallet.onlyReceipt(client, id, breach.locator());
                    SdkWallet.breachAnswered(devnet, channel, client, id, breach);
                    report.note("breach of state " + breach.number() + " (receipt from block " + receipt.startBlock()
                            + ") answered; the wallet is paid");
                }
            }
        });
    }

    /** What a wallet restarted on {@code walletDir} finds in its outbox for the tower. */
    private record Outbox(Set<Locator> pending, Set<Locator> receipts) {
        Set<Locator> held() {
            Set<Locator> all = new HashSet<>(pending);
            all.addAll(receipts);
            return all;
        }
    }

    private static Outbox outbox(Path walletDir, DevnetChannel channel, Tower tower) throws IOException {
        try (FileRecordLog log = new FileRecordLog(walletDir)) {
            TowerClient client = SdkWallet.client(LABEL, log, channel).tower(SdkWallet.endpoint(tower)).build();
            return new Outbox(client.pending(tower.towerId()).stream().map(p -> p.appointment().locator()).collect(Collectors.toSet()),
                    client.receipts(tower.towerId()).stream().map(r -> r.appointment().locator()).collect(Collectors.toSet()));
        }
    }

    private static Set<Locator> locators(Map<Long, List<Locator>> queued) {
        return queued.values().stream().flatMap(List::stream).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The script lines reporting {@code states}, HTLCs as DIRECTION:msat:hash:cltv. */
    private static String reports(List<RevokedState> states) {
        StringBuilder sb = new StringBuilder();
        for (RevokedState s : states) {
            sb.append("report ").append(s.number()).append(' ').append(s.commitmentRaw().toHex()).append(' ')
                    .append(s.perCommitmentSecret().value().toHex());
            for (Htlc h : s.htlcs()) {
                sb.append(' ').append(h.direction()).append(':').append(h.amountMsat()).append(':').append(h.paymentHash().toHex())
                        .append(':').append(h.cltvExpiry());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static List<RevokedState> unqueued(List<RevokedState> states, Map<Long, List<Locator>> queued) {
        return states.stream().filter(s -> !queued.containsKey(s.number())).toList();
    }

    /** A {@link WalletProcessMain} JVM on the wallet's directory, and the whole lines it printed. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicReference<Exception> readFailure = new AtomicReference<>();
        final Thread reader;
        final Path stderr;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.reader = new Thread(this::read, "wallet-process-stdout");
            reader.start();
        }

        static Child start(Path dir, Path walletDir, String script) throws IOException {
            Path scriptFile = Files.createTempFile(dir, "wallet-script", ".txt");
            Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
            Path stderr = Files.createTempFile(dir, "wallet-stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    WalletProcessMain.class.getName(), walletDir.toString(), scriptFile.toString());
            pb.redirectError(stderr.toFile());
            return new Child(pb.start(), stderr);
        }

        private void read() {
            try (InputStream in = process.getInputStream()) {
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0; ) {
                    if (c == '\n') { // only a whole line counts: a kill may cut the last one
                        lines.add(line.toString());
                        fresh.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                // The JDK may close the pipe under the reader once the killed child is reaped: the
                // whole lines read before count; a partial one never did.
                if (!killed.get()) {
                    readFailure.set(e);
                }
            }
        }

        /** Waits for a line starting with {@code prefix}, kills the process at once (SIGKILL) and returns the line. */
        String killAfter(String prefix) throws Exception {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINE_TIMEOUT_SECONDS);
                while (true) {
                    String l = fresh.poll(100, TimeUnit.MILLISECONDS);
                    if (l != null && l.startsWith(prefix)) {
                        return l;
                    }
                    boolean over = !reader.isAlive() && fresh.isEmpty(); // it exited and every line is read
                    if (l == null && (over || System.nanoTime() > deadline)) {
                        throw new AssertionError("no line \"" + prefix + "...\" from the wallet process; it printed " + lines
                                + (over ? " and exited" : "") + "; its stderr: " + Files.readString(stderr));
                    }
                }
            } finally {
                killed.set(true);
                process.destroyForcibly();
                assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the wallet process is gone");
                reader.join(10_000);
                if (readFailure.get() != null) {
                    throw new AssertionError("reading the wallet process's output", readFailure.get());
                }
            }
        }

        /** Adds every state it printed as queued, with the locators it queued for it. */
        void record(Map<Long, List<Locator>> queued) {
            for (String l : lines) {
                if (l.startsWith("queued ")) {
                    String[] f = l.split(" ");
                    queued.put(Long.parseLong(f[1]), Arrays.stream(f).skip(2).map(Locator::fromHex).toList());
                }
            }
        }
    }
}
