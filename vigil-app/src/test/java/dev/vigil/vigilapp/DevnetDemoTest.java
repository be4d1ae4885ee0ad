package dev.vigil.vigilapp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.towerprotocol.encoding.Bytes;
import dev.vigil.vigilapp.demo.BreachDemo;
import dev.vigil.vigilapp.demo.DemoCounterparty;
import dev.vigil.vigilapp.demo.DemoWallet;
import fr.acinq.bitcoin.ScriptFlags;
import fr.acinq.bitcoin.Transaction;
import fr.acinq.bitcoin.TxIn;
import fr.acinq.bitcoin.TxOut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil devnet --demo} in-process, through the command line: the timeline's lines in order, the
 * amounts it prints against the channel's own numbers, and the tower's justice transaction checked by
 * bitcoin-kmp's interpreter against the revoked commitment it spends. The test hook returns after the
 * timeline instead of serving until a signal.
 */
class DevnetDemoTest {
    /** A timeline line: the elapsed time, then the event. */
    private static final Pattern LINE = Pattern.compile("^ +\\+\\d+\\.\\d{3} s  (.*)$");

    @TempDir
    Path dir;

    private final CapturedStreams streams = new CapturedStreams();

    @BeforeAll
    static void makeTheLogHandlersNow() {
        // java.util.logging's console handler writes to the stderr of when it was made: make it before any capture.
        java.util.logging.Logger.getLogger("").getHandlers();
    }

    @AfterEach
    void clearHook() {
        TowerMain.afterDemo = null;
    }

    private record Run(int exit, String out, String err, BreachDemo.Result result) {
        /** The timeline's events, without their times. */
        List<String> events() {
            List<String> events = new ArrayList<>();
            for (String l : out.lines().toList()) {
                Matcher m = LINE.matcher(l);
                if (m.matches()) {
                    events.add(m.group(1));
                }
            }
            return events;
        }
    }

    private Run demo(String... extra) {
        AtomicReference<BreachDemo.Result> result = new AtomicReference<>();
        TowerMain.afterDemo = result::set;
        List<String> args = new ArrayList<>(List.of("devnet", "--demo", "--datadir", dir.toString(), "--api-port", "0", "--admin-port",
                "0"));
        args.addAll(List.of(extra));
        streams.install();
        int exit;
        try {
            exit = TowerMain.commandLine().execute(args.toArray(String[]::new));
        } finally {
            streams.restore();
        }
        return new Run(exit, streams.out.toString(UTF_8), streams.err.toString(UTF_8), result.get());
    }

    @Test
    void theDemoShowsTheRevokedStateCaughtAndSweptAndTheJusticeVerifies() {
        Run run = demo();
        assertEquals(0, run.exit(), run.out() + run.err());
        BreachDemo.Result r = run.result();
        assertNotNull(r, run.out());
        List<String> events = run.events();

        // In order: registered, opened, ten revoked states accepted (0 to 9, with the payments settled among them),
        // the breach, seen, justice broadcast, confirmed, swept, and the tower's own account of it.
        List<String> expected = new ArrayList<>(List.of("wallet registered with tower ", "channel opened: funding "));
        for (int state = 0; state < 10; state++) {
            expected.add("appointment accepted: state " + state + ", locator ");
        }
        expected.addAll(List.of("the counterparty broadcasts revoked state 2: ", "breach seen in block 103: ", "justice broadcast: ",
                "justice confirmed in block 104", "swept: ", "the tower's get_appointment for locator "));
        List<String> seen = events.stream().filter(e -> expected.stream().anyMatch(e::startsWith)).toList();
        assertEquals(expected.size(), seen.size(), () -> String.join("\n", events));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(seen.get(i).startsWith(expected.get(i)), "line " + i + ": " + seen.get(i) + "\nexpected " + expected.get(i));
        }
        for (String e : seen.subList(2, 12)) {
            assertTrue(e.endsWith("receipt signed by the tower verified") || e.contains("receipt signed by the tower verified (and "), e);
        }
        assertEquals(5, events.stream().filter(e -> e.matches("payment [1-5] of [0-9,]+ sat settled to the wallet")).count(),
                () -> String.join("\n", events));
        assertTrue(seen.get(13).matches("breach seen in block 103: the tower's justice transaction was in the mempool \\d+ ms after"
                + " the block"), seen.get(13));
        assertEquals(103, r.breachHeight());
        assertEquals(104, r.confirmedHeight());
        assertTrue(seen.get(14).startsWith("justice broadcast: " + r.justice().txid.toString().substring(0, 8)), seen.get(14));

        // The revoked state 2, from the channel's numbers (BOLT 3): the wallet holds its 100,000 sat push; payments 1
        // (30,000) and 2 (45,000) are in flight as two untrimmed offered HTLCs; the funder pays the fee,
        // 2,500 sat/kw × (724 + 2 × 172) / 1000 = 2,670 sat, out of its 1,000,000 sat.
        long fee = DemoCounterparty.FEERATE_PER_KW * (724 + 2 * 172) / 1000;
        long toLocal = DemoCounterparty.FUNDING_SAT - 100_000 - 75_000 - fee;
        assertEquals(2, r.breach().number());
        assertEquals(toLocal, r.breach().toLocalSat());
        assertEquals(toLocal + 75_000, r.breach().stakeSat());

        // The justice transaction: valid against the revoked commitment at standard flags, spending its to_local and
        // both HTLC outputs, paying the wallet's sweep script everything less its fee.
        Transaction justice = r.justice();
        Transaction commitment = r.breach().commitment();
        Transaction.correctlySpends(justice, commitment, ScriptFlags.STANDARD_SCRIPT_VERIFY_FLAGS);
        assertEquals(3, justice.txIn.size());
        long in = 0;
        for (TxIn input : justice.txIn) {
            assertEquals(commitment.txid, input.outPoint.txid);
            in += commitment.txOut.get((int) input.outPoint.index).amount.toLong();
        }
        assertEquals(r.breach().stakeSat(), in, "to_local and both HTLC outputs");
        assertEquals(1, justice.txOut.size());
        TxOut sweep = justice.txOut.get(0);
        assertEquals(new DemoWallet().sweepScript(), Bytes.of(sweep.publicKeyScript.toByteArray()));
        assertTrue(r.sweptSat() > 0);
        assertEquals(sweep.amount.toLong(), r.sweptSat());
        assertEquals(in - sweep.amount.toLong(), r.feeSat());
        assertEquals(String.format(Locale.ROOT, "swept: the cheater tried to take %,d sat; %,d sat swept back to the wallet, fee %,d sat",
                in, r.sweptSat(), r.feeSat()), seen.get(16));

        // After the timeline: where the tower and the devnet are.
        assertTrue(run.out().contains("The tower keeps running on the devnet; Ctrl-C stops both."), run.out());
        assertTrue(run.out().contains("/ready"), run.out());
    }

    @Test
    void everyRunStartsAfreshSoTheTimelineIsTheSame() {
        Run first = demo();
        Run second = demo();
        assertEquals(0, first.exit(), first.out() + first.err());
        assertEquals(0, second.exit(), second.out() + second.err());
        assertEquals(masked(first.events()), masked(second.events()));
        assertEquals(first.result().justice(), second.result().justice());
    }

    @Test
    void theDemoMinesItsOwnBlocks() {
        Run run = demo("--mine-every", "10s");
        assertEquals(TowerMain.BAD_CONFIG, run.exit());
        assertEquals("vigil: --demo mines its own blocks; --mine-every cannot be used with it", run.err().strip());
    }

    /** The events without what changes from run to run: the tower's id (a new key each time) and the timings. */
    private static List<String> masked(List<String> events) {
        return events.stream().map(e -> e.replaceAll("tower [0-9a-f]{8}…", "tower <id>").replaceAll("\\d+ ms after", "<n> ms after"))
                .toList();
    }
}
