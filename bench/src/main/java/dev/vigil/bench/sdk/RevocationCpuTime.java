package dev.vigil.bench.sdk;

import dev.vigil.clientsdk.RevocationResult;
import dev.vigil.clientsdk.outbox.MemoryRecordLog;
import dev.vigil.justicetxbuilder.justice.JusticeResult;
import dev.vigil.justicetxbuilder.justice.RevokedCommitment;
import dev.vigil.justicetxbuilder.scripts.ChannelType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The CPU time of one {@code onRevokedCommitment} (10 HTLCs, pure-Java secp256k1) against the bare
 * justice build of the same state, measured on the calling thread's CPU clock, so that other work
 * on the machine (a build, another benchmark) stretches neither figure. The two alternate call by
 * call after a warm-up; prints the median and 90th percentile of each and the ratio of the
 * medians. {@code RevocationBench} measures the same calls in wall time under JMH.
 *
 * <p>Usage: {@code bench/run-main dev.vigil.bench.sdk.RevocationCpuTime [calls] [STATIC_REMOTEKEY|ANCHORS|LEGACY] [both|sdk|bare]}.
 * With {@code sdk} or {@code bare} only that call runs, {@code calls} times, so that two processes
 * can be timed against each other from outside (the same JVM start and state preparation in both).
 */
public final class RevocationCpuTime {
    private RevocationCpuTime() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        ChannelType type = args.length > 1 ? ChannelType.valueOf(args[1]) : ChannelType.STATIC_REMOTEKEY;
        String mode = args.length > 2 ? args[2] : "both";
        if (!mode.equals("both") && !mode.equals("sdk") && !mode.equals("bare")) {
            throw new IllegalArgumentException("the mode is both, sdk or bare: " + mode);
        }
        boolean bareToo = !mode.equals("sdk");
        boolean sdkToo = !mode.equals("bare");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        RevocationBench.Channel channel = new RevocationBench.Channel();
        channel.type = type;
        channel.towers = 1;
        channel.prepare();
        RevocationBench.MemoryClient client = new RevocationBench.MemoryClient();
        long[] bare = new long[calls];
        long[] sdk = new long[calls];
        int warmup = calls / 2;
        for (int i = -warmup; i < calls; i++) {
            if (i % 1000 == 0 || i == -warmup) {
                client.open(channel); // a fresh outbox, far below its cap
            }
            RevokedStates.State s = channel.nextState();
            long t0 = cpu.getCurrentThreadCpuTime();
            JusticeResult built = bareToo
                    ? channel.builder.build(new RevokedCommitment(s.commitment(), s.secret(), s.htlcs()), channel.spec.sweep())
                    : null;
            long t1 = cpu.getCurrentThreadCpuTime();
            RevokedStates.State t = channel.nextState();
            long t2 = cpu.getCurrentThreadCpuTime();
            RevocationResult r = sdkToo ? client.client.onRevokedCommitment(client.id, t.commitment(), t.secret(), t.htlcs(),
                    RevokedStates.FEERATE_PER_KW) : null;
            long t3 = cpu.getCurrentThreadCpuTime();
            if ((bareToo && !(built instanceof JusticeResult.Built)) || (sdkToo && !(r instanceof RevocationResult.Queued))) {
                throw new IllegalStateException("a call failed: " + built + " / " + r);
            }
            if (i >= 0) {
                bare[i] = t1 - t0;
                sdk[i] = t3 - t2;
            }
        }
        if (!mode.equals("both")) {
            System.out.printf(Locale.ROOT, "%s, %d HTLCs: %d %s calls after %d warm-up%n", type, RevocationBench.HTLCS, calls, mode, warmup);
            return;
        }
        Arrays.sort(bare);
        Arrays.sort(sdk);
        System.out.printf(Locale.ROOT, "%s, %d HTLCs, %d calls each after %d warm-up, thread CPU time:%n", type, RevocationBench.HTLCS, calls, warmup);
        System.out.printf(Locale.ROOT, "  bare justice build     median %6.2f ms  p90 %6.2f ms%n", ms(bare, 0.5), ms(bare, 0.9));
        System.out.printf(Locale.ROOT, "  onRevokedCommitment    median %6.2f ms  p90 %6.2f ms%n", ms(sdk, 0.5), ms(sdk, 0.9));
        System.out.printf(Locale.ROOT, "  ratio of medians       %6.2f%n", ms(sdk, 0.5) / ms(bare, 0.5));
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }
}
